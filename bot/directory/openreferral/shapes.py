"""Bring a shape from HSDS 3.0's drafts up to 3.0 as published, before a record is checked.

The drafts (and 3.0.0's per-table schemas, which our own API's output still follows) nest a
taxonomy term's taxonomy as an object under `taxonomy`. HSDS 3.0 as published, and 3.1,
keep a free-text name there and nest the object as `taxonomy_detail`. Checked as it is, every
such term would be a broken part and the feed would lose all its topics; rewritten, nothing
is lost.
"""

from __future__ import annotations

from typing import Any


def _term_as_published(term: dict[str, Any]) -> dict[str, Any]:
    draft = term.get("taxonomy")
    if not isinstance(draft, dict) or "taxonomy_detail" in term:
        return term
    published = {key: value for key, value in term.items() if key != "taxonomy"}
    published["taxonomy_detail"] = draft
    if isinstance(draft.get("name"), str):
        published["taxonomy"] = draft["name"]
    return published


def as_published(value: Any, key: str | None = None) -> Any:
    """A copy of the record with every taxonomy term in the published shape."""
    if isinstance(value, list):
        return [as_published(item, key) for item in value]
    if not isinstance(value, dict):
        return value
    copied = {name: as_published(item, name) for name, item in value.items()}
    return _term_as_published(copied) if key == "taxonomy_term" else copied
