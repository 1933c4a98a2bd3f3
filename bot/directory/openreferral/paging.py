"""Read one page of a `/services` listing, whichever envelope the feed wraps it in.

- HSDS 3 / ORUK 3: `contents`, with `total_items`, `total_pages`, `last_page`.
- ORUK 1 reuses Spring Data's page: `content`, with `totalElements`, `totalPages`, `number`,
  `first`, `last`. The OpenAPI file on openreferraluk.org names the array `contents`, so
  some feeds write that beside the Spring fields.
- Some feeds answer a bare JSON array, with no paging at all.

ORUK 1's `number` follows no one rule (Porism's reference build counts from 0, Outpost from
1), so the caller keeps its own page counter and this never reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ORUK_V1 = "HSDS-UK-1.0"
# Fields only Spring's page has: with `contents`, they mark an ORUK 1 feed all the same.
_SPRING_FIELDS = ("totalElements", "totalPages", "numberOfElements", "first", "last")


@dataclass(frozen=True)
class Listing:
    items: list[Any]
    total: int | None = None
    total_pages: int | None = None
    last: bool | None = None
    # The version the envelope shows (ORUK 1's Spring page), None when it shows none.
    version: str | None = None
    # A bare array: the whole list, never asked for again page by page.
    paged: bool = True

    def is_last(self, number: int) -> bool:
        """Whether page `number` (counted from 1) ends the listing."""
        if not self.paged or self.last is True or not self.items:
            return True
        return self.total_pages is not None and number >= self.total_pages


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def read_listing(body: Any) -> Listing | None:
    """The page's items and paging fields; None when the body is no listing at all."""
    if isinstance(body, list):
        return Listing(body, total=len(body), paged=False)
    if not isinstance(body, dict):
        return None
    if isinstance(body.get("content"), list):
        items, spring = body["content"], True
    elif isinstance(body.get("contents"), list):
        items, spring = body["contents"], any(key in body for key in _SPRING_FIELDS)
    else:
        return None
    if spring:
        return Listing(
            items,
            total=_int(body.get("totalElements")),
            total_pages=_int(body.get("totalPages")),
            last=body.get("last") if isinstance(body.get("last"), bool) else None,
            version=ORUK_V1,
        )
    return Listing(
        items,
        total=_int(body.get("total_items")),
        total_pages=_int(body.get("total_pages")),
        last=body.get("last_page") if isinstance(body.get("last_page"), bool) else None,
    )
