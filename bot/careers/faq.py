"""Careers questions that name no job: work experience, volunteering, T Levels,
apprenticeships, funding, subjects, pay bands, ways back in. Answered from
data/careers/faq.yml, where each answer names the page it was checked against and when."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.careers.catalogue import CatalogueError
from bot.careers.search import says, spaced_words
from bot.config import read_yaml


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: str
    words: tuple[str, ...]  # everyday words for the topic, as spaced_words gives them
    answer: str
    answer_young: str  # for a primary-school pupil
    next: str  # where to look or whom to ask
    source: str
    checked: str


def _phrase(text: str) -> str:
    """The words of a text one space apart, with one at each end, so a phrase is found
    whole: " work experience "."""
    return " " + " ".join(spaced_words(text).split()) + " "


@dataclass(frozen=True)
class CareersFaq:
    entries: tuple[FaqEntry, ...]

    def matching(self, text: str) -> FaqEntry | None:
        """The entry whose words the text uses most (the longer a phrase, the more it says);
        the first in the file on a tie. None when the text uses none of them."""
        words = _phrase(text)
        best: tuple[int, FaqEntry] | None = None
        for entry in self.entries:
            found = sum(len(w.strip()) for w in entry.words if says(words, w.strip()))
            if found and (best is None or found > best[0]):
                best = (found, entry)
        return best[1] if best else None


def load_faq(data_dir: Path) -> CareersFaq:
    document = read_yaml(data_dir / "careers" / "faq.yml")
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
                words=tuple(_phrase(str(w)) for w in entry.get("words") or ()),
                answer=str(entry["answer"]).strip(),
                answer_young=str(entry["answer_young"]).strip(),
                next=str(entry["next"]).strip(),
                source=str(entry["source"]),
                checked=str(entry["checked"]),
            )
        )
    return CareersFaq(tuple(entries))
