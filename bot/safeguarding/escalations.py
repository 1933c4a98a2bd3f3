"""Writing escalations: before any reply, retried, and never silently lost.

If the database refuses the write (down, read-only), the escalation is kept in a spool
folder on the action server's disk and written as soon as the database takes writes again.
Failures are logged loudly, with ids and categories but never the message text.

A check-in is recorded as an escalation with status `review`. When the conversation then
shows more risk, the same escalation is promoted to a hand-off (status `new`): the write
merges into the row if it is there, and into the spooled copy if that is still waiting.

Each write that makes an escalation (or promotes one) adds the alert the safeguarding team
is owed to the outbox in the same transaction: the escalation and its alert are in the
database together or not at all. bot/alerts delivers them.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.safeguarding.detector import Finding
from bot.safeguarding.lexicon import severity_rank
from bot.safeguarding.models import AlertOutbox, Escalation, EscalationMessage

log = logging.getLogger(__name__)

RETRY_DELAYS = (0.1, 0.3, 0.6)
# A hand-off is `new` for staff to pick up; a check-in is `review`.
NEW, REVIEW = "new", "review"


@dataclass
class NewEscalation:
    id: str
    conversation_id: str
    school: str | None
    audience: str | None
    categories: list[str]
    severity: str
    message: str
    matched_terms: list[str]
    created_at: str  # ISO 8601, so that it survives the spool file
    follow_ups: list[dict] = field(default_factory=list)
    status: str = NEW

    @classmethod
    def from_finding(
        cls,
        finding: Finding,
        *,
        conversation_id: str,
        school: str | None,
        audience: str | None,
        message: str,
        now: datetime,
        status: str = NEW,
    ) -> NewEscalation:
        return cls(
            id=str(uuid.uuid4()),
            conversation_id=conversation_id,
            school=school,
            audience=audience,
            categories=finding.categories,
            severity=finding.severity or "high",
            message=message,
            matched_terms=sorted({m.term for m in finding.matches}),
            created_at=now.isoformat(),
            status=status,
        )


class EscalationStore:
    def __init__(self, sessions: sessionmaker[Session], spool_dir: Path) -> None:
        self._sessions = sessions
        self._spool = spool_dir

    def record(self, escalation: NewEscalation) -> bool:
        """Commit the escalation; True when it is in the database, False when spooled."""
        self.flush_spool()
        if self._write_with_retries(escalation):
            return True
        self._spool.mkdir(parents=True, exist_ok=True)
        (self._spool / f"{escalation.id}.json").write_text(json.dumps(asdict(escalation)))
        log.error(
            "ESCALATION NOT IN DATABASE: %s (%s, %s) kept in %s; will retry",
            escalation.id, escalation.severity, ",".join(escalation.categories), self._spool,
        )  # fmt: skip
        return False

    def promote(self, review_id: str, finding: Finding, text: str, now: datetime) -> bool:
        """Turn a check-in's review into a hand-off, with `text` as its next message.

        Written like a new escalation under the same id: `_write` merges it into the row (or
        the spooled copy) already there, so the promotion is never lost either."""
        follow_up = _follow_up(text, finding, now)
        if self._add_to_spooled(review_id, follow_up, finding, promote=True):
            return False
        promotion = NewEscalation.from_finding(
            finding, conversation_id="", school=None, audience=None, message=text, now=now
        )
        promotion.id = review_id
        promotion.follow_ups = [follow_up]
        return self.record(promotion)

    def _add_to_spooled(
        self, escalation_id: str, follow_up: dict, finding: Finding, promote: bool = False
    ) -> bool:
        """Keep a message with its escalation when that is still waiting in the spool."""
        spooled = self._spool / f"{escalation_id}.json"
        if not spooled.exists():
            return False
        pending = json.loads(spooled.read_text())
        pending["follow_ups"].append(follow_up)
        if promote:
            pending["status"] = NEW
            _merge_finding(pending, finding)
        spooled.write_text(json.dumps(pending))
        self.flush_spool()
        return True

    def record_follow_up(
        self, escalation_id: str, text: str, finding: Finding, now: datetime
    ) -> bool:
        follow_up = _follow_up(text, finding, now)
        if self._add_to_spooled(escalation_id, follow_up, finding):
            return False
        try:
            with self._sessions() as session, session.begin():
                session.add(_follow_up_row(escalation_id, follow_up))
            return True
        except SQLAlchemyError as error:
            log.error(
                "FOLLOW-UP NOT IN DATABASE for escalation %s (%s)",
                escalation_id, type(error).__name__,
            )  # fmt: skip
            return False

    def flush_spool(self) -> int:
        """Write spooled escalations that the database will now take; returns how many."""
        if not self._spool.is_dir():
            return 0
        written = 0
        for path in sorted(self._spool.glob("*.json")):
            pending = NewEscalation(**json.loads(path.read_text()))
            if not self._write(pending):
                break
            path.unlink()
            written += 1
            log.warning("spooled escalation %s is now in the database", pending.id)
        return written

    def _write_with_retries(self, escalation: NewEscalation) -> bool:
        for attempt, delay in enumerate((0.0, *RETRY_DELAYS), start=1):
            time.sleep(delay)
            if self._write(escalation):
                return True
            log.error("escalation %s: database write %d failed", escalation.id, attempt)
        return False

    def _write(self, escalation: NewEscalation) -> bool:
        try:
            with self._sessions() as session, session.begin():
                existing = session.get(Escalation, escalation.id, with_for_update=True)
                if existing is None:
                    session.add(
                        Escalation(
                            id=escalation.id,
                            school=escalation.school,
                            conversation_id=escalation.conversation_id,
                            audience=escalation.audience,
                            categories=escalation.categories,
                            severity=escalation.severity,
                            message=escalation.message,
                            matched_terms=escalation.matched_terms,
                            status=escalation.status,
                            created_at=datetime.fromisoformat(escalation.created_at),
                        )
                    )
                    session.flush()  # the escalation's row first: the alert points at it
                    reason = "handoff" if escalation.status == NEW else "check_in"
                    session.add(owed_alert(escalation.id, reason))
                elif _promote_row(existing, escalation):  # a review became a hand-off
                    session.add(owed_alert(escalation.id, "promoted"))
                for follow_up in escalation.follow_ups:
                    session.add(_follow_up_row(escalation.id, follow_up))
            return True
        except SQLAlchemyError as error:
            log.error("escalation %s: %s", escalation.id, type(error).__name__)
            return False


def _follow_up(text: str, finding: Finding, now: datetime) -> dict:
    return {
        "text": text,
        "categories": finding.categories,
        "severity": finding.severity,
        "received_at": now.isoformat(),
    }


def _merged(first: list[str], then: list[str]) -> list[str]:
    return [*first, *(c for c in then if c not in first)]


def _merge_finding(pending: dict, finding: Finding) -> None:
    pending["categories"] = _merged(pending["categories"], finding.categories)
    pending["severity"] = max(
        pending["severity"], finding.severity or pending["severity"], key=severity_rank
    )
    pending["matched_terms"] = sorted(
        {*pending["matched_terms"], *(m.term for m in finding.matches)}
    )


def owed_alert(escalation_id: str, reason: str) -> AlertOutbox:
    """The alert the team is owed, due now. Its time is the database write's, not the
    message's: a spooled escalation written later still climbs the ladder from when staff
    could first have known."""
    now = datetime.now(timezone.utc)
    return AlertOutbox(
        escalation_id=escalation_id,
        reason=reason,
        rung=0,
        created_at=now,
        next_attempt_at=now,
        email_state="pending",
        webhook_state="pending",
        attempts=0,
    )


def _promote_row(row: Escalation, promotion: NewEscalation) -> bool:
    """Merge a promotion into the row; True when a review became a hand-off just now."""
    promoted = row.status == REVIEW and promotion.status == NEW
    if promoted:
        row.status = NEW
    row.categories = _merged(list(row.categories), promotion.categories)
    row.severity = max(row.severity, promotion.severity, key=severity_rank)
    row.matched_terms = sorted({*row.matched_terms, *promotion.matched_terms})
    return promoted


def _follow_up_row(escalation_id: str, follow_up: dict) -> EscalationMessage:
    return EscalationMessage(
        escalation_id=escalation_id,
        text=follow_up["text"],
        categories=follow_up["categories"],
        severity=follow_up["severity"],
        received_at=datetime.fromisoformat(follow_up["received_at"]),
    )
