"""Careers questions that name no job: work experience, volunteering, T Levels,
apprenticeships, funding, subjects, pay bands, ways back in. Answered from
data/careers/faq.yml, where each answer names the page it was checked against and when."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.careers.catalogue import CatalogueError


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: str
    words: tuple[str, ...]  # everyday words for the topic, lower case
    answer: str
    answer_young: str  # for a primary-school pupil
    next: str  # where to look or whom to ask
    source: str
    checked: str


def _words_in(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("’", "'")) + " "


@dataclass(frozen=True)
class CareersFaq:
    entries: tuple[FaqEntry, ...]

    def matching(self, text: str) -> FaqEntry | None:
        """The entry whose words the text uses most (the longer a phrase, the more it says);
        the first in the file on a tie. None when the text uses none of them."""
        words = " ".join(_words_in(text).split())
        words = f" {words} "
        best: tuple[int, FaqEntry] | None = None
        for entry in self.entries:
            found = sum(
                len(w) for w in entry.words if f" {' '.join(_words_in(w).split())} " in words
            )
            if found and (best is None or found > best[0]):
                best = (found, entry)
        return best[1] if best else None


def load_faq(data_dir: Path) -> CareersFaq:
    document = yaml.safe_load((data_dir / "careers" / "faq.yml").read_text())
    entries = []
    for entry in document["faq"]:
        name = entry.get("id", "?")
        for field in ("question", "answer", "answer_young", "next", "source", "checked"):
            if not str(entry.get(field) or "").strip():
                raise CatalogueError(f"faq {name}: {field} is missing")
        entries.append(
            FaqEntry(
                id=str(name),
                question=str(entry["question"]),
                words=tuple(str(w).lower() for w in entry.get("words") or ()),
                answer=str(entry["answer"]).strip(),
                answer_young=str(entry["answer_young"]).strip(),
                next=str(entry["next"]).strip(),
                source=str(entry["source"]),
                checked=str(entry["checked"]),
            )
        )
    return CareersFaq(tuple(entries))
