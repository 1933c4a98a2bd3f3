"""The check-in: a fixed, kind question when the detector is unsure (data/safeguarding/).

The words and the contacts come from versioned data files, never generated. The contacts are
the crisis card's own (one file holds each number and its source), limited to those that
answer at any time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import read_yaml
from bot.safeguarding.crisis import CrisisCards

YES, NO = "yes", "no"
_WORDS = re.compile(r"[a-z']+")


@dataclass(frozen=True)
class CheckInText:
    version: int
    audiences: dict[str, dict[str, Any]]
    buttons: dict[str, str]
    answers: dict[str, list[str]]
    declined: str

    @classmethod
    def from_file(cls, path: Path) -> CheckInText:
        raw = read_yaml(path)
        return cls(
            version=int(raw["version"]),
            audiences=raw["audiences"],
            buttons={str(k): str(v) for k, v in raw["buttons"].items()},
            answers={str(k): [str(w) for w in v] for k, v in raw["answers"].items()},
            declined=" ".join(str(raw["declined"]).split()),
        )

    def answer(self, text: str) -> str | None:
        """YES or NO when a reply to the question starts with one; None for anything else."""
        words = _WORDS.findall(text.lower().replace("\u2019", "'"))
        if not words:
            return None
        if text.strip() in self.buttons.values():  # a button the widget drew
            return next(k for k, v in self.buttons.items() if v == text.strip())
        for answer in (YES, NO):
            for start in self.answers[answer]:
                if words[: len(start.split())] == start.split():
                    return answer
        return None

    def messages(
        self, cards: CrisisCards, audience: str, escalation_id: str, categories: list[str]
    ) -> list[dict[str, Any]]:
        """The question with the contacts, as text (for any channel) and as a card."""
        text = self.audiences[audience]
        question = " ".join(str(text["question"]).split())
        card = cards.payload(audience)
        by_id = {c["id"]: c for c in card["contacts"]}
        contacts = [by_id[i] for i in text["contacts"]]
        # One message: socket.io clients get a text with a blank line as two messages, and
        # the widget replaces only the one that starts with the question by its card.
        lines = [question, text["contacts_heading"]]
        lines += [f"- {c['name']}: {_how(c)}" for c in contacts]
        buttons = [{"title": title, "payload": title} for title in self.buttons.values()]
        return [
            {"text": "\n".join(lines)},
            {
                "custom": {
                    "type": "check_in",
                    "escalation_id": escalation_id,
                    "categories": categories,
                    "version": self.version,
                    "question": question,
                    "contacts_heading": text["contacts_heading"],
                    "contacts": contacts,
                    "buttons": buttons,
                }
            },
        ]


def _how(contact: dict[str, Any]) -> str:
    ways = []
    if contact.get("phone"):
        ways.append(f"call {contact['phone']}")
    if contact.get("sms"):
        body = contact.get("sms_body")
        ways.append(f"text {body} to {contact['sms']}" if body else f"text {contact['sms']}")
    return ", ".join(ways) or str(contact.get("url", ""))


def check_in_path(data_dir: Path) -> Path:
    return data_dir / "safeguarding" / "check_in.yml"
