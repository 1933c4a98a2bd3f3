"""The queue of escalations an account may see: open ones first, by severity, then oldest.

Check-ins (the assistant was unsure and asked) wait under their own heading, `reviews`: a
member of staff reads the conversation and decides, without the urgency of a hand-off.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.console.access import school_scope
from bot.console.case import Case, cases_query
from bot.console.models import StaffAccount
from bot.db import as_utc
from bot.safeguarding.lexicon import CATEGORIES, SEVERITIES
from bot.safeguarding.models import Escalation

STATUSES = ("review", "new", "claimed", "resolved")
OPEN = ("new", "claimed")
REVIEW = "review"


@dataclass
class Queue:
    escalations: list[Case]  # hand-offs
    counts: Counter[str] = field(default_factory=Counter)
    reviews: list[Case] = field(default_factory=list)  # check-ins waiting for staff


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
    query = cases_query().where(scope)
    if school:
        query = query.where(Escalation.school == school)
    cases = [Case(escalation, work) for escalation, work in session.execute(query)]
    # Categories are a JSON list: filtered here, against the known names only.
    if category in CATEGORIES:
        cases = [c for c in cases if category in (c.confirmed_categories or c.categories)]
    counts = Counter(c.status for c in cases)
    wanted = (*OPEN, REVIEW) if status == "open" else (status,) if status in STATUSES else STATUSES
    cases = [c for c in cases if c.status in wanted]
    cases.sort(
        key=lambda c: (
            c.status == "resolved",
            -SEVERITIES.index(c.severity) if c.severity in SEVERITIES else 0,
            as_utc(c.created_at),
        )
    )
    return Queue(
        [c for c in cases if c.status != REVIEW],
        counts,
        [c for c in cases if c.status == REVIEW],
    )
