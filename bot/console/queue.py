"""The queue of escalations an account may see: open ones first, by severity, those nobody
has taken up before those someone has, then oldest.

Check-ins (the assistant was unsure and asked) wait under their own heading, `reviews`: a
member of staff reads the conversation and decides, without the urgency of a hand-off.

Filters narrow what is listed, never what is counted as waiting: the queue says how many
open cases its filters hide, so a filter left on cannot hide a new hand-off in silence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from sqlalchemy.orm import Session

from bot.console.access import school_scope
from bot.console.case import Case, cases_query
from bot.console.models import StaffAccount
from bot.db import as_utc
from bot.safeguarding.lexicon import CATEGORIES, SEVERITIES

STATUSES = ("review", "new", "claimed", "resolved")
OPEN = ("new", "claimed")
REVIEW = "review"
WAITING = (*OPEN, REVIEW)  # what "open" lists: nobody has closed it
STATUS_CHOICES = ("open", *STATUSES, "all")


@dataclass(frozen=True)
class Filters:
    school: str = ""  # a slug; one the account cannot see lists nothing
    category: str = ""
    status: str = "open"

    @classmethod
    def of(cls, values: Mapping[str, object]) -> Filters:
        """From a form or a stored copy: anything unknown falls back to the default."""
        category, status = str(values.get("category", "")), str(values.get("status", "open"))
        return cls(
            school=str(values.get("school", ""))[:100],
            category=category if category in CATEGORIES else "",
            status=status if status in STATUS_CHOICES else "open",
        )

    @property
    def narrowed(self) -> bool:
        return self != Filters()

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Queue:
    escalations: list[Case]  # hand-offs
    counts: Counter[str] = field(default_factory=Counter)
    reviews: list[Case] = field(default_factory=list)  # check-ins waiting for staff
    # Open cases (hand-offs and check-ins) the filters leave out: counted on the page, and
    # still alerted on the device of whoever asked for alerts.
    unlisted: list[Case] = field(default_factory=list)


def _order(case: Case) -> tuple[bool, int, bool, object]:
    """Resolved last; the most severe first; within a severity, those nobody has taken up
    before those someone is already talking to; then the oldest."""
    rank = -SEVERITIES.index(case.severity) if case.severity in SEVERITIES else 0
    return (case.status == "resolved", rank, case.status == "claimed", as_utc(case.created_at))


def build_queue(session: Session, account: StaffAccount, filters: Filters | None = None) -> Queue:
    filters = filters or Filters()
    scope = school_scope(account)
    if scope is None:
        return Queue([])
    rows = session.execute(cases_query().where(scope))
    every = [Case(escalation, work) for escalation, work in rows]
    cases = [c for c in every if not filters.school or c.school == filters.school]
    # Categories are a JSON list: filtered here, against the known names only.
    if filters.category:
        cases = [c for c in cases if filters.category in (c.confirmed_categories or c.categories)]
    counts = Counter(c.status for c in cases)
    wanted = {"open": WAITING, "all": STATUSES}.get(filters.status, (filters.status,))
    cases = sorted((c for c in cases if c.status in wanted), key=_order)
    listed = {c.id for c in cases}
    return Queue(
        [c for c in cases if c.status != REVIEW],
        counts,
        [c for c in cases if c.status == REVIEW],
        [c for c in every if c.status in WAITING and c.id not in listed],
    )
