"""Shared by the project's Rasa NLU components."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message


def set_certain_intent(message: Message, name: str) -> None:
    """Make `name` the message's intent with confidence 1.0, first in the ranking."""
    intent = {"name": name, "confidence": 1.0}
    others = [r for r in message.get("intent_ranking") or [] if r["name"] != name]
    message.set("intent", intent, add_to_output=True)
    message.set("intent_ranking", [intent, *others], add_to_output=True)
