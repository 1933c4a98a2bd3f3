"""The queue of escalations an account may see: open ones first, by severity, then oldest."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.console.access import school_scope
from bot.console.models import StaffAccount
from bot.db import as_utc
from bot.safeguarding.lexicon import CATEGORIES, SEVERITIES
from bot.safeguarding.models import Escalation

STATUSES = ("new", "claimed", "resolved")
OPEN = ("new", "claimed")


@dataclass
class Queue:
    escalations: list[Escalation]
    counts: Counter[str] = field(default_factory=Counter)


def build_queue(
    session: Session,
    account: StaffAccount,
    *,
    school: str = "",
    category: str = "",
    status: str = "open",
) -> Queue:
    scope = school_scope(account)
    if scope is None:
        return Queue([])
    query = select(Escalation).where(scope)
    if school:
        query = query.where(Escalation.school == school)
    cases = list(session.scalars(query))
    # Categories are a JSON list: filtered here, against the known names only.
    if category in CATEGORIES:
        cases = [c for c in cases if category in (c.confirmed_categories or c.categories)]
    counts = Counter(c.status for c in cases)
    wanted = OPEN if status == "open" else (status,) if status in STATUSES else STATUSES
    cases = [c for c in cases if c.status in wanted]
    cases.sort(
        key=lambda c: (
            c.status == "resolved",
            -SEVERITIES.index(c.severity) if c.severity in SEVERITIES else 0,
            as_utc(c.created_at),
        )
    )
    return Queue(cases, counts)
