"""A case: an escalation as staff see it, safeguarding's record with the console's casework.

Its `status` is what the queue shows: the casework's (claimed, resolved) once staff have
taken it up, the escalation's own (new, review) until then.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.sql import Select

from bot.console.models import Casework
from bot.safeguarding.models import Escalation


class Case:
    def __init__(self, escalation: Escalation, work: Casework | None) -> None:
        self.escalation = escalation
        self.work = work

    def __getattr__(self, name: str) -> Any:
        # What the escalation recorded: id, school, severity, message, follow_ups and the rest.
        return getattr(self.escalation, name)

    @property
    def status(self) -> str:
        return str(self.work.state if self.work else self.escalation.status)

    @property
    def claimed_by(self) -> int | None:
        return self.work.claimed_by if self.work else None

    @property
    def outcome(self) -> str | None:
        return self.work.outcome if self.work else None

    @property
    def outcome_note(self) -> str | None:
        return self.work.outcome_note if self.work else None

    @property
    def confirmed_categories(self) -> list[str] | None:
        return self.work.confirmed_categories if self.work else None

    @property
    def resolved_by(self) -> int | None:
        return self.work.resolved_by if self.work else None

    @property
    def resolved_at(self) -> datetime | None:
        return self.work.resolved_at if self.work else None

    def casework(self) -> Casework:
        """The casework row, made (and added to the escalation's session) on first use."""
        if self.work is None:
            self.work = Casework(escalation_id=self.escalation.id)
        return self.work


def cases_query() -> Select:
    """Every escalation with its casework, if any: rows of (Escalation, Casework | None)."""
    return select(Escalation, Casework).outerjoin(Casework, Casework.escalation_id == Escalation.id)
