"""A reply as the bot's logic builds it: messages in order, and slots to set.

Kept free of Rasa so that logic is tested without it; `actions/replies.py` carries it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


def tel_link(phone: str) -> str:
    """A phone number as a link a phone can call: "0121 496 0012" -> "tel:01214960012"."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


@dataclass
class Reply:
    messages: list[dict[str, Any]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str, buttons: list[dict[str, str]] | None = None) -> None:
        message: dict[str, Any] = {"text": text}
        if buttons:
            message["buttons"] = buttons
        self.messages.append(message)

    def send(self, custom: dict[str, Any]) -> None:
        self.messages.append({"custom": custom})

    def show(self, custom: dict[str, Any], text: str) -> None:
        """A card and its text version as one message: a client that draws the card (the
        widget) shows it once, and a text-only one (`signpost chat`, a transcript) reads the
        text. As two messages, the widget could not tell the text from the card's own."""
        self.messages.append({"custom": custom, "text": text})
