"""A conversation's transcript for staff, read from the events of Rasa's tracker."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from bot.safeguarding.staff_messages import staff_payload

# What staff see in place of a card the widget draws.
_CARD_SUMMARIES = {
    "crisis_card": "Crisis contacts shown",
    "handoff": "Conversation handed to the school's safeguarding team",
    "services": "List of services shown",
    "careers": "NHS careers shown",
    "emergency": "999 emergency advice shown",
}


@dataclass
class Line:
    speaker: str  # person | assistant | staff
    text: str
    at: datetime
    who: str = ""  # the audience the person gave, or the staff member's name
    categories: list[str] = field(default_factory=list)  # safeguarding categories found
    trigger: bool = False  # the message that raised this escalation


def _when(event: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=timezone.utc)


def _person(event: dict[str, Any]) -> Line:
    metadata = event.get("metadata") or {}
    finding = (event.get("parse_data") or {}).get("safeguarding") or {}
    return Line(
        speaker="person",
        text=str(event.get("text") or ""),
        at=_when(event),
        who=str(metadata.get("audience") or ""),
        categories=list(finding.get("categories") or []) if finding.get("concern") else [],
    )


def _bot(event: dict[str, Any]) -> Line | None:
    staff = staff_payload(event)
    if staff is not None:
        if staff.get("relayed"):
            return None  # the same words again, for a REST client: shown once
        return Line("staff", str(staff.get("text") or ""), _when(event), who=str(staff["from"]))
    if event.get("text"):
        return Line("assistant", str(event["text"]), _when(event))
    custom = (event.get("data") or {}).get("custom")
    if isinstance(custom, dict) and custom.get("type") in _CARD_SUMMARIES:
        return Line("assistant", f"[{_CARD_SUMMARIES[custom['type']]}]", _when(event))
    return None


def transcript(events: list[dict[str, Any]], trigger_text: str) -> list[Line]:
    lines: list[Line] = []
    for event in events:
        kind = event.get("event")
        line = _person(event) if kind == "user" else _bot(event) if kind == "bot" else None
        if line is not None:
            lines.append(line)
    # The first message with the escalation's words is the one that raised it.
    for line in lines:
        if line.speaker == "person" and line.text == trigger_text:
            line.trigger = True
            break
    return lines
