"""Staff replies in a Rasa tracker: what the console wrote, and what a REST client missed."""

from __future__ import annotations

from typing import Any

STAFF_MESSAGE = "staff_message"


def staff_payload(event: dict[str, Any]) -> dict[str, Any] | None:
    """The staff message a bot event carries, if it is one."""
    if event.get("event") != "bot":
        return None
    custom = (event.get("data") or {}).get("custom")
    if isinstance(custom, dict) and custom.get("type") == STAFF_MESSAGE:
        return custom
    return None


def undelivered_staff_messages(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Staff messages written since the person's previous message, marked as relayed so the
    transcript shows each once. (The latest user event is the message being answered.)"""
    users = [n for n, event in enumerate(events) if event.get("event") == "user"]
    since = users[-2] if len(users) >= 2 else 0
    relayed = []
    for event in events[since:]:
        payload = staff_payload(event)
        if payload is not None and not payload.get("relayed"):
            relayed.append({**payload, "relayed": True})
    return relayed
