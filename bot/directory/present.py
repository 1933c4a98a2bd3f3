"""How services are said to a parent or pupil: readable text, plus the custom payload."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.directory.search import PhoneNumber, ServiceResult


def _phone_line(phone: PhoneNumber) -> str:
    verb = "Text" if phone.type in ("sms", "text") else "Call"
    line = f"{verb} {phone.number}"
    return f"{line} ({phone.description})" if phone.description else line


def _open_words(open_now: bool | None) -> str | None:
    if open_now is None:
        return None
    return "open now" if open_now else "closed right now"


def _caution(result: ServiceResult) -> str | None:
    """A word when the record is old or gives no way to reach the service: a council's
    directory can be years out of date, and a parent should know before they travel."""
    words = []
    if result.stale:
        words.append(
            f"details last checked {result.checked}" if result.checked else "details not checked"
        )
    if result.no_contact:
        words.append("no phone, email or website listed")
    return f"({'; '.join(words)})" if words else None


def describe_service(result: ServiceResult) -> str:
    """A few short lines: name, what it offers, how to reach it, when, where."""
    lines = [f"{result.name}: {result.description}"]
    lines.extend(_phone_line(phone) for phone in result.phones[:2])
    when = ", ".join(w for w in (result.hours, _open_words(result.open_now)) if w)
    if when:
        lines.append(when)
    if result.distance_km is not None:
        where = f"{result.distance_km:.1f} km away"
        lines.append(f"{where}, {result.address}" if result.address else where)
    if result.url:
        lines.append(result.url)
    if result.demo:
        lines.append("(demo listing: not a real service)")
    caution = _caution(result)
    if caution:
        lines.append(caution)
    return "\n".join(lines)


def services_text(heading: str, results: Sequence[ServiceResult]) -> str:
    # Blank lines between services: chat channels split long text on them.
    return "\n\n".join([heading, *(describe_service(r) for r in results)])


def services_payload(
    topic: str, results: Sequence[ServiceResult], near: str | None = None
) -> dict[str, Any]:
    """`near` names the place the local services are measured from, for the card's heading."""
    payload = {"type": "services", "topic": topic, "services": [r.payload() for r in results]}
    if near:
        payload["near"] = near
    return payload
