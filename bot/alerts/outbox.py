"""The outbox's bookkeeping: which alerts are due, which sender holds each, and what became
of each channel. Every delivery result is also written to the console's audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from bot.console import audit
from bot.console.case import Case
from bot.console.models import Casework
from bot.safeguarding.models import AlertOutbox, Escalation

BATCH = 20
LEASE = timedelta(minutes=2)  # longer than one delivery's timeouts, however slow
MAX_RETRY_WAIT = timedelta(minutes=10)
PENDING, SENT, OFF, STOPPED = "pending", "sent", "off", "stopped"
CHANNELS = ("email", "webhook")


@dataclass
class Attempt:
    """One try at one alert: each channel's new state, and the error if one failed."""

    states: dict[str, str]
    errors: dict[str, str]


def take_due(sessions: sessionmaker[Session], now: datetime) -> list[int]:
    """Lease the alerts due now to this sender. On PostgreSQL two senders skip each other's
    locked rows; the lease keeps a row theirs until it is delivered or the lease runs out
    (a sender that died mid-way: another takes its alerts over)."""
    with sessions() as session, session.begin():
        rows = session.scalars(
            select(AlertOutbox)
            .where(
                AlertOutbox.done_at.is_(None),
                AlertOutbox.next_attempt_at <= now,
                or_(AlertOutbox.leased_until.is_(None), AlertOutbox.leased_until < now),
            )
            .order_by(AlertOutbox.id)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            row.leased_until = now + LEASE
        return [row.id for row in rows]


def release(sessions: sessionmaker[Session], alert_ids: list[int]) -> None:
    """Give back alerts this sender took but will not deliver (it is stopping)."""
    with sessions() as session, session.begin():
        for alert_id in alert_ids:
            row = session.get(AlertOutbox, alert_id)
            if row is not None:
                row.leased_until = None


def is_claimed(session: Session, escalation_id: str) -> bool:
    return session.get(Casework, escalation_id) is not None


def settle(
    sessions: sessionmaker[Session],
    alert_id: int,
    attempt: Attempt,
    now: datetime,
    retry_s: float,
    detail: dict,
) -> AlertOutbox:
    """Keep what this try achieved; retry what failed later, waiting twice as long each time."""
    with sessions() as session, session.begin():
        row = session.get(AlertOutbox, alert_id, with_for_update=True)
        assert row is not None
        escalation = session.get(Escalation, row.escalation_id)
        case = Case(escalation, session.get(Casework, row.escalation_id))
        for channel, state in attempt.states.items():
            if getattr(row, f"{channel}_state") != PENDING:
                continue  # already settled by an earlier try
            setattr(row, f"{channel}_state", state)
            if state == SENT:
                audit.record(session, None, "alert_sent", escalation=case,
                             detail={**detail, "channel": channel})  # fmt: skip
        for channel, error in attempt.errors.items():
            audit.record(session, None, "alert_failed", escalation=case,
                         detail={**detail, "channel": channel, "error": error,
                                 "attempt": row.attempts + 1})  # fmt: skip
        if all(getattr(row, f"{c}_state") != PENDING for c in CHANNELS):
            row.done_at = now
            row.last_error = None
        else:
            row.attempts += 1
            wait = min(timedelta(seconds=retry_s * 2 ** (row.attempts - 1)), MAX_RETRY_WAIT)
            row.next_attempt_at = now + wait
            row.last_error = ", ".join(sorted(set(attempt.errors.values())))[:80]
        row.leased_until = None
        return row
