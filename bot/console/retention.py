"""Retention: conversations that were never escalated are deleted after some days.

Conversations live in Rasa's SQL tracker store (the `events` table of the same database).
Anything escalated is kept, however old; the count of what was removed goes to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, inspect, text
from sqlalchemy.orm import Session

from bot.console import audit

DEFAULT_DAYS = 30

# Conversations whose newest event is older than the cut-off and that no escalation names.
_STALE = text(
    "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff "
    "EXCEPT SELECT conversation_id FROM escalation"
)


@dataclass(frozen=True)
class PurgeResult:
    conversations: int
    events: int


def purge(session: Session, days: int, now: datetime) -> PurgeResult:
    if days < 1:
        raise ValueError("keep conversations for at least a day")
    if not inspect(session.connection()).has_table("events"):
        result = PurgeResult(0, 0)  # the assistant has not run against this database yet
    else:
        cutoff = (now - timedelta(days=days)).timestamp()
        stale = [row[0] for row in session.execute(_STALE, {"cutoff": cutoff})]
        removed = 0
        for start in range(0, len(stale), 500):
            batch = stale[start : start + 500]
            deleted = session.execute(
                # expanding: one bound parameter per id, never text pasted into SQL
                text("DELETE FROM events WHERE sender_id IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": batch},
            )
            removed += deleted.rowcount or 0
        result = PurgeResult(len(stale), removed)
    audit.record(
        session, None, "purge", actor_email="signpost purge",
        detail={"days": days, "conversations": result.conversations, "events": result.events},
    )  # fmt: skip
    return result
