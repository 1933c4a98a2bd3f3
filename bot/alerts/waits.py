"""Time to a person, measured: how long each escalation waited before a member of staff took
it up, and the week's figures a DSL watches (the median and longest wait, and what is still
unclaimed past the time the ladder allows it).

A wait ends at the first claim. A case resolved without a claim (a check-in a DSL read and
closed) ends its wait when it was resolved: a person saw it then. It starts when the
escalation was recorded, so a check-in that later became a hand-off counts from the child's
first worrying message. Whether it is past its time, though, counts as the ladder does: from
the alert that made it what it is now (bot/alerts/sender.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from statistics import median

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot.alerts.ladder import Ladder
from bot.console.access import school_scope
from bot.console.case import Case, cases_query
from bot.console.models import Casework, SchoolRecord, StaffAccount
from bot.db import as_utc
from bot.safeguarding.models import AlertOutbox, Escalation
from bot.team import UK, TeamHours, hours_from_data

UNCLAIMED = ("new", "review")  # the escalation's own states, before any casework


@dataclass(frozen=True)
class Wait:
    length: timedelta
    ended_by: str = ""  # "claim" or "resolve"; "" while it is still waiting

    def label(self) -> str:
        if self.ended_by == "claim":
            return f"waited {format_duration(self.length)} before a claim"
        if self.ended_by == "resolve":
            return f"resolved after {format_duration(self.length)}, never claimed"
        return f"waiting {format_duration(self.length)}"


def format_duration(length: timedelta) -> str:
    """ "under a minute", "4 min", "2 h 5 min", "1 day 3 h": a person reads it at a glance,
    so the smaller unit goes once the larger one is a day."""
    minutes = max(0, int(length.total_seconds() // 60))
    if minutes < 1:
        return "under a minute"
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} day{'s' if days > 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{minutes} min"


def taken_up_at(case: Case) -> tuple[datetime | None, str]:
    """When a person first took the case up, and how; (None, "") while nobody has."""
    work = case.work
    if work is not None and work.claimed_at is not None:
        return as_utc(work.claimed_at), "claim"
    if work is not None and work.resolved_at is not None:
        return as_utc(work.resolved_at), "resolve"
    return None, ""


def wait_of(case: Case, now: datetime) -> Wait:
    ended, how = taken_up_at(case)
    return Wait((ended or now) - as_utc(case.created_at), how)


def week_start(now: datetime) -> datetime:
    """Monday 00:00 this week, UK time (a school's week, whatever the server's clock)."""
    local = now.astimezone(UK)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, datetime.min.time(), UK)


def past_their_time(
    session: Session, cases: Iterable[Case], ladder: Ladder, now: datetime
) -> list[Case]:
    """The unclaimed ones among `cases` whose ladder has gone past its first rung (the
    alert went wider because nobody claimed it), longest-waiting first."""
    waiting = [c for c in cases if c.work is None and c.escalation.status in UNCLAIMED]
    if not waiting:
        return []
    since = _first_alerts(session, [c.id for c in waiting])
    hours = _school_hours(session, {c.school for c in waiting if c.school})
    late = []
    for case in waiting:
        due = ladder.due(
            severity=case.severity,
            review=case.escalation.status == "review",
            since=since.get(case.id, as_utc(case.created_at)),
            rung=1,
            hours=hours.get(case.school),
        )
        if due is not None and now >= due:
            late.append(case)
    return sorted(late, key=lambda c: as_utc(c.created_at))


@dataclass(frozen=True)
class WaitFigures:
    count: int
    median: timedelta
    longest: timedelta


@dataclass
class WeekSummary:
    since: datetime
    hand_offs: WaitFigures | None  # None: none taken up this week
    check_ins: WaitFigures | None
    late: list[Case] = field(default_factory=list)  # unclaimed past their time


def week_summary(
    session: Session, account: StaffAccount, ladder: Ladder, now: datetime
) -> WeekSummary:
    """The week so far for every case this account may see. Hand-offs and check-ins are
    counted apart: a check-in may wait a working day by design, and mixed in it would hide
    how fast the urgent ones reach a person."""
    start = week_start(now)
    scope = school_scope(account)
    if scope is None:
        return WeekSummary(start, None, None)
    since = start.astimezone(timezone.utc)  # compared in UTC: what the database holds
    taken = [
        Case(*row)
        for row in session.execute(
            cases_query().where(
                scope,
                or_(
                    Casework.claimed_at >= since,
                    and_(Casework.claimed_at.is_(None), Casework.resolved_at >= since),
                ),
            )
        )
    ]
    waiting = [
        Case(*row)
        for row in session.execute(
            cases_query().where(
                scope, Casework.escalation_id.is_(None), Escalation.status.in_(UNCLAIMED)
            )
        )
    ]
    return WeekSummary(
        start,
        _figures([wait_of(c, now).length for c in taken if c.escalation.status != "review"]),
        _figures([wait_of(c, now).length for c in taken if c.escalation.status == "review"]),
        past_their_time(session, waiting, ladder, now),
    )


def _figures(waits: list[timedelta]) -> WaitFigures | None:
    if not waits:
        return None
    return WaitFigures(len(waits), median(waits), max(waits))


def _first_alerts(session: Session, escalation_ids: list[str]) -> dict[str, datetime]:
    """When each escalation was first alerted as what it is now: the latest rung-0 alert (a
    check-in promoted to a hand-off has two, and the ladder counts from the second)."""
    since: dict[str, datetime] = {}
    rows = session.execute(
        select(AlertOutbox.escalation_id, AlertOutbox.created_at).where(
            AlertOutbox.rung == 0, AlertOutbox.escalation_id.in_(escalation_ids)
        )
    )
    for escalation_id, created_at in rows:
        since[escalation_id] = max(as_utc(created_at), since.get(escalation_id, as_utc(created_at)))
    return since


def _school_hours(session: Session, slugs: set[str]) -> dict[str | None, TeamHours]:
    """Each school's team hours; a school without any is left out (the ladder then counts a
    working day as a day)."""
    records = session.scalars(select(SchoolRecord).where(SchoolRecord.slug.in_(slugs)))
    return {
        r.slug: hours_from_data(r.team_hours)
        for r in records
        if r.team_hours and r.team_hours.get("times")
    }
