"""What an alert says: the school, the severity, the concerns, the time and a link to the
console. Never the message's words, the child's name or anything else the person typed:
an alert travels through mail servers and chat apps the school does not control."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any

from bot.team import UK, TeamContact

RUNG_WORDS = ("the DSL", "the DSL and deputies", "the DSL, deputies and the trust's DSL")


@dataclass(frozen=True)
class AlertFacts:
    alert_id: int
    escalation_id: str
    school_name: str  # "School not known" when the widget sent none
    school_slug: str | None
    severity: str  # medium | high | critical, or "check-in" for a review
    categories: list[str]  # the lexicon's labels
    recorded_at: datetime
    reason: str  # handoff | check_in | promoted | ladder | review_ladder
    rung: int
    waited_s: float  # unclaimed for this long when a ladder alert is sent
    link: str
    recipients: list[TeamContact]

    @property
    def is_reminder(self) -> bool:
        return self.reason in ("ladder", "review_ladder")

    def headline(self) -> str:
        if self.is_reminder:
            return (
                f"Not yet claimed after {_duration(self.waited_s)}: {self.severity} "
                f"safeguarding alert, {self.school_name}"
            )
        if self.reason == "check_in":
            return f"Check-in to review: {self.school_name}"
        return f"Safeguarding alert ({self.severity}): {self.school_name}"

    def as_json(self) -> dict[str, Any]:
        """The webhook's body: the email's facts, and who this rung reaches (for an SMS
        gateway, their mobiles)."""
        return {
            "type": "signpost.alert",
            "alert_id": self.alert_id,
            "escalation_id": self.escalation_id,
            "headline": self.headline(),
            "school": {"slug": self.school_slug, "name": self.school_name},
            "severity": self.severity,
            "categories": self.categories,
            "recorded_at": self.recorded_at.isoformat(),
            "reason": self.reason,
            "rung": self.rung,
            "unclaimed_for_s": round(self.waited_s),
            "link": self.link,
            "recipients": [
                {"role": c.role, "name": c.name, "email": c.email, "phone": c.phone or None}
                for c in self.recipients
            ],
        }


def email(facts: AlertFacts, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = facts.headline()
    message["From"] = sender
    message["To"] = ", ".join(formataddr((c.name, c.email)) for c in facts.recipients)
    # One id per alert: a mail client shows a re-delivery after a crash as the same email.
    message["Message-ID"] = make_msgid(idstring=f"alert-{facts.alert_id}", domain="signpost")
    when = (
        facts.recorded_at.astimezone(UK)
        .strftime("%A %-d %B %Y, %-I:%M%p")
        .replace("AM", "am")
        .replace("PM", "pm")
    )
    what = (
        "The assistant was unsure about a message and asked the person a check-in question. "
        "Please review the conversation when you can."
        if facts.reason in ("check_in", "review_ladder")
        else "A conversation on School Signpost has been handed to the safeguarding team."
    )
    lines = [
        what,
        "",
        f"School: {facts.school_name}",
        f"Severity: {facts.severity}",
        f"Concerns: {', '.join(facts.categories) or 'not named'}",
        f"Recorded: {when} (UK time)",
    ]
    if facts.is_reminder:
        lines.append(
            f"Nobody has claimed it for {_duration(facts.waited_s)}, so this alert now goes to "
            f"{RUNG_WORDS[min(facts.rung, 2)]}."
        )
    lines += [
        "",
        "Open it in the staff console (you will be asked to log in):",
        facts.link,
        "",
        "This email holds no words from the conversation: read them in the console.",
        f"You receive it as a member of the safeguarding team for {facts.school_name}.",
    ]
    message.set_content("\n".join(lines))
    return message


def signed(body: dict[str, Any], secret: str, timestamp: int) -> tuple[bytes, dict[str, str]]:
    """The webhook's bytes and headers. The signature is HMAC-SHA256 over "timestamp.body"
    with the shared secret, so a receiver can check both who sent it and that it is fresh."""
    raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode()
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw, hashlib.sha256)
    return raw, {
        "Content-Type": "application/json",
        "X-Signpost-Timestamp": str(timestamp),
        "X-Signpost-Signature": f"sha256={digest.hexdigest()}",
    }


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return f"{round(seconds)} seconds"
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = round(minutes / 60)
    return f"{hours} hours"
