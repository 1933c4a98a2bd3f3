"""Map a feed's taxonomy terms to the assistant's topics (rules in data/directory/)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import read_yaml
from bot.directory.needs import NEED_VOCABULARY, Needs
from bot.directory.topics import TOPICS

MAPPING_FILE = "taxonomy_topics.yml"


@dataclass(frozen=True)
class Term:
    """A taxonomy term as a feed sends it (the fields the mapping looks at)."""

    id: str
    name: str
    code: str | None = None
    taxonomy: str | None = None
    vocabulary: str | None = None

    @classmethod
    def from_record(cls, term: dict[str, Any]) -> Term:
        """HSDS 3.0 as published names the taxonomy in `taxonomy` and nests it as an object
        in `taxonomy_detail`; its drafts nested the object in `taxonomy` itself; earlier
        feeds and the UK profile's drafts name it in a string (`taxonomy`, `vocabulary`)."""
        taxonomy = term.get("taxonomy")
        detail = taxonomy if isinstance(taxonomy, dict) else term.get("taxonomy_detail")
        detail = detail if isinstance(detail, dict) else {}
        name = detail.get("name") or (None if isinstance(taxonomy, dict) else taxonomy)
        taxonomy_id = detail.get("id")
        return cls(
            id=str(term.get("id", "")),
            name=str(term.get("name") or ""),
            code=term.get("code"),
            taxonomy=str(name) if name else None,
            vocabulary=term.get("vocabulary") or term.get("taxonomy_id") or taxonomy_id,
        )

    @property
    def label(self) -> str:
        where = self.taxonomy or self.vocabulary or "no taxonomy"
        return f"{where} / {self.code or self.id}: {self.name}"


def _patterns(keywords: dict[str, tuple[str, ...]]) -> list[tuple[str, re.Pattern[str]]]:
    return [
        (code, re.compile(r"\b" + re.escape(phrase) + r"\b"))
        for code, phrases in keywords.items()
        for phrase in phrases
    ]


def _keywords(
    document: dict[str, Any], section: str, known: set[str], what: str, problems: list[str]
) -> dict[str, tuple[str, ...]]:
    """A section of words by code (a topic or a need), lower case; unknown codes noted."""
    keywords: dict[str, tuple[str, ...]] = {}
    for code, phrases in (document.get(section) or {}).items():
        if code not in known:
            problems.append(f"{section}: unknown {what} {code!r}")
        keywords[code] = tuple(str(p).lower() for p in phrases or ())
    return keywords


def is_our_need(term: Term) -> bool:
    return NEED_VOCABULARY in (term.vocabulary, term.taxonomy)


class TopicMap:
    def __init__(
        self,
        exact: dict[str, dict[str, tuple[str, ...]]],
        keywords: dict[str, tuple[str, ...]],
        needs: Needs | None = None,
        need_keywords: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        # taxonomy (lower case) -> code or id -> topics
        self._exact = exact
        self._patterns = _patterns(keywords)
        self.needs = needs or Needs([])
        self._need_patterns = _patterns(need_keywords or {})

    @classmethod
    def from_file(cls, data_dir: Path) -> TopicMap:
        document = read_yaml(data_dir / "directory" / MAPPING_FILE) or {}
        problems: list[str] = []
        exact: dict[str, dict[str, tuple[str, ...]]] = {}
        for taxonomy, codes in (document.get("terms") or {}).items():
            for code, topics in (codes or {}).items():
                problems += [f"terms/{taxonomy}/{code}: unknown topic {t!r}" for t in topics
                             if t not in TOPICS]  # fmt: skip
                exact.setdefault(str(taxonomy).lower(), {})[str(code)] = tuple(topics)
        keywords = _keywords(document, "keywords", set(TOPICS), "topic", problems)
        needs = Needs.from_file(data_dir / "directory")
        need_keywords = _keywords(document, "needs", set(needs.by_code), "need", problems)
        if problems:
            raise ValueError(f"{MAPPING_FILE} is invalid:\n" + "\n".join(problems))
        return cls(exact, keywords, needs, need_keywords)

    def topics_for(self, term: Term) -> set[str]:
        for taxonomy in (term.taxonomy, term.vocabulary):
            codes = self._exact.get(str(taxonomy).lower()) if taxonomy else None
            if codes:
                for key in (term.code, term.id):
                    if key and str(key) in codes:
                        return set(codes[str(key)])
        name = term.name.lower()
        return {topic for topic, pattern in self._patterns if pattern.search(name)}

    def needs_for(self, terms: Iterable[Term]) -> set[str]:
        """The needs that the terms mark the service as meeting: our own need terms (a feed
        exported by another School Signpost) exactly, anyone's by the words of their name."""
        found: set[str] = set()
        for term in terms:
            if is_our_need(term):
                if term.code in self.needs.by_code:
                    found.add(term.code)
                continue
            name = term.name.lower()
            found |= {need for need, pattern in self._need_patterns if pattern.search(name)}
        return found

    def map_terms(self, terms: Iterable[Term]) -> tuple[set[str], list[Term]]:
        """(topics, terms that mapped to none)."""
        topics: set[str] = set()
        unmapped: list[Term] = []
        for term in terms:
            found = self.topics_for(term)
            topics |= found
            if not found:
                unmapped.append(term)
        return topics, unmapped
