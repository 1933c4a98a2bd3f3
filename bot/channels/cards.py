"""A card sent with its text version (bot/replies.py `Reply.show`) leaves as one message.

Rasa's channels send a message's text and its custom payload apart, the text cut at every
blank line, so a client would get a dozen text bubbles and then the card, and could not tell
which bubbles were the card's own. Kept together, the widget draws the card alone and a
text-only client (`signpost chat`) still reads the text; `custom` is where it always was.
"""

from __future__ import annotations

from typing import Any


def card_with_text(message: dict[str, Any]) -> dict[str, Any] | None:
    """`{"text", "custom"}` for a card with its text version; None for any other message."""
    if message.get("buttons") or message.get("quick_replies"):
        return None
    if message.get("text") and isinstance(message.get("custom"), dict) and message["custom"]:
        return {"text": message["text"], "custom": message["custom"]}
    return None
