"""The need behind a topic (data/directory/needs.yml): a food bank inside "money worries", a
CAMHS referral inside "mental health". Found in the message by whole words; services marked
with the need come first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.config import read_yaml
from bot.directory.topics import TOPICS

NEED_VOCABULARY = "signpost-need"
NEEDS_FILE = "needs.yml"


def need_term_id(code: str) -> str:
    return f"need-{code}"


def _plain(text: str) -> str:
    """Lower case, apostrophes dropped, runs of anything else one space."""
    text = re.sub(r"['’‘`]", "", text.lower())
    return " " + " ".join(re.findall(r"[a-z0-9]+", text)) + " "


@dataclass(frozen=True)
class Need:
    code: str
    topic: str
    label: str
    words: tuple[str, ...]

    def said_in(self, plain_text: str) -> bool:
        return any(f" {word} " in plain_text for word in self.words)


class Needs:
    def __init__(self, needs: list[Need]) -> None:
        self.by_code = {need.code: need for need in needs}

    @classmethod
    def from_file(cls, directory_dir: Path) -> Needs:
        document = read_yaml(directory_dir / NEEDS_FILE) or {}
        needs, problems = [], []
        for code, entry in (document.get("needs") or {}).items():
            if entry.get("topic") not in TOPICS:
                problems.append(f"{code}: unknown topic {entry.get('topic')!r}")
            words = tuple(_plain(str(w)).strip() for w in entry.get("words") or ())
            if not words or not entry.get("label"):
                problems.append(f"{code}: needs a label and words")
            needs.append(Need(str(code), str(entry.get("topic")), str(entry.get("label")), words))
        if problems:
            raise ValueError(f"{NEEDS_FILE} is invalid:\n" + "\n".join(problems))
        return cls(needs)

    def in_message(self, text: str, topic: str) -> tuple[Need, ...]:
        """The needs of `topic` that the message speaks of, in the file's order."""
        plain_text = _plain(text)
        return tuple(
            need
            for need in self.by_code.values()
            if need.topic == topic and need.said_in(plain_text)
        )
