"""`signpost purge`: conversations never escalated go after the retention period; escalated
ones stay, however old; the count is in the audit log. Rasa's own SQL tracker store writes
the conversations, as it does in production."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select, text

from bot.console.models import AuditEntry
from bot.console.retention import purge
from bot.db import session_scope
from bot.safeguarding.models import Escalation
from tests.conftest import seeded_database

DAY = 24 * 3600


def _conversation(sender: str, days_ago: float) -> DialogueStateTracker:
    at = time.time() - days_ago * DAY
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen", timestamp=at),
            UserUttered("hello", {"name": "greet", "confidence": 1.0}, timestamp=at + 1),
        ],
    )


def test_purge_removes_old_unescalated_conversations_and_keeps_escalated_ones(
    tmp_path: Path,
) -> None:
    path = tmp_path / "signpost.db"
    sessions = seeded_database(f"sqlite:///{path}")
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    for sender, days_ago in [("old", 45), ("old-escalated", 90), ("recent", 3)]:
        asyncio.run(store.save(_conversation(sender, days_ago)))
    with session_scope(sessions) as session:
        session.add(
            Escalation(
                id="e1", school=None, conversation_id="old-escalated", audience=None,
                categories=["neglect"], severity="high", message="m", matched_terms=[],
                status="resolved", created_at=datetime.now(timezone.utc),
            )
        )  # fmt: skip

    with session_scope(sessions) as session:
        result = purge(session, 30, datetime.now(timezone.utc))
    assert result.conversations == 1 and result.events >= 2

    with sessions() as session:
        senders = {row[0] for row in session.execute(text("SELECT DISTINCT sender_id FROM events"))}
        assert senders == {"old-escalated", "recent"}
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "purge"))
        assert entry.detail["conversations"] == 1 and entry.actor_id is None


def test_purge_on_a_database_the_assistant_never_used_removes_nothing(tmp_path: Path) -> None:
    sessions = seeded_database(f"sqlite:///{tmp_path / 'signpost.db'}")
    with session_scope(sessions) as session:
        assert purge(session, 30, datetime.now(timezone.utc)).conversations == 0
