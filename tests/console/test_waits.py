"""Time to a person: each escalation's wait before a claim, and the week's figures a DSL
sees (median, longest, unclaimed past their time), on a real SQLite file."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts.ladder import Ladder
from bot.alerts.waits import (
    Wait,
    WeekSummary,
    format_duration,
    wait_of,
    week_start,
    week_summary,
)
from bot.console.accounts import create_account
from bot.console.case import Case
from bot.console.models import Casework, StaffAccount
from bot.db import session_scope
from bot.safeguarding.models import AlertOutbox, Escalation
from tests.console.conftest import PASSWORD, Console, _escalation

PELSALL, ROWLEY = "pelsall-common-academy", "rowley-hills-academy"
UTC = timezone.utc
# Wednesday 9 December 2026, 2pm (UK time is UTC in December). Pelsall's team reads the
# console Monday to Friday, 8am to 4:45pm (data/schools/demo_trust.yml).
NOW = datetime(2026, 12, 9, 14, 0, tzinfo=UTC)
LADDER = Ladder.from_setting("")  # high and critical 5 min, medium 30, a check-in a working day


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("length", "words"),
    [
        (timedelta(seconds=0), "under a minute"),
        (timedelta(seconds=59), "under a minute"),
        (timedelta(minutes=4, seconds=50), "4 min"),
        (timedelta(hours=2), "2 h"),
        (timedelta(hours=2, minutes=5), "2 h 5 min"),
        (timedelta(days=1), "1 day"),
        (timedelta(days=1, hours=3, minutes=40), "1 day 3 h"),
        (timedelta(days=3, hours=1), "3 days 1 h"),
        (timedelta(seconds=-5), "under a minute"),  # a clock a little ahead: never negative
    ],
)
def test_durations_read_as_a_person_would_say_them(length: timedelta, words: str) -> None:
    assert format_duration(length) == words


def test_the_week_starts_on_monday_at_midnight_in_the_uk() -> None:
    assert week_start(NOW) == at(7, 0)
    # In summer Monday midnight in the UK is 11pm on Sunday in UTC ...
    assert week_start(datetime(2026, 6, 10, 12, tzinfo=UTC)) == datetime(2026, 6, 7, 23, tzinfo=UTC)
    # ... so half past eleven on Sunday night (UTC) is already the new week.
    assert week_start(datetime(2026, 6, 7, 23, 30, tzinfo=UTC)) == datetime(
        2026, 6, 7, 23, tzinfo=UTC
    )


def _case(
    session: Session,
    school: str,
    created: datetime,
    *,
    severity: str = "high",
    status: str = "new",
    claimed: datetime | None = None,
    resolved: datetime | None = None,
    alerted: tuple[datetime, ...] | None = None,
) -> str:
    """An escalation as the assistant records it, with its first alerts (rung 0) and any
    casework; `alerted` None: alerted when it was made."""
    escalation = _escalation(school, "words a child wrote", 0, severity)
    escalation.created_at, escalation.status = created, status
    session.add(escalation)
    session.flush()
    for moment in (created,) if alerted is None else alerted:
        session.add(
            AlertOutbox(
                escalation_id=escalation.id, reason=f"first-{uuid.uuid4().hex[:6]}", rung=0,
                created_at=moment, next_attempt_at=moment, email_state="sent",
                webhook_state="off", attempts=0, done_at=moment,
            )
        )  # fmt: skip
    if claimed or resolved:
        session.add(
            Casework(
                escalation_id=escalation.id,
                state="resolved" if resolved else "claimed",
                claimed_at=claimed,
                resolved_at=resolved,
            )
        )
    return escalation.id


def _account(session: Session, email: str, role: str, school: str | None) -> StaffAccount:
    return create_account(
        session, email=email, name=email, role=role, password=PASSWORD,
        school_slug=school, now=NOW,
    )  # fmt: skip


@pytest.fixture
def week(console: Console) -> dict[str, str]:
    """A week at Pelsall Common Academy (and one escalation at Rowley Hills)."""
    with session_scope(console.sessions) as session:
        ids = {
            # Taken up this week: hand-offs waited 4, 12 and 2 minutes.
            "monday": _case(session, PELSALL, at(7, 9), claimed=at(7, 9, 4)),
            "tuesday": _case(
                session, PELSALL, at(8, 10), severity="critical", claimed=at(8, 10, 12)
            ),
            "wednesday": _case(
                session,
                PELSALL,
                at(9, 11),
                severity="medium",
                claimed=at(9, 11, 2),
                resolved=at(9, 12),
            ),
            # Last week's three-hour wait is not this week's longest.
            "last_week": _case(session, PELSALL, at(4, 9), claimed=at(4, 12)),
            # A check-in read and resolved without a claim, a day later.
            "check_in_resolved": _case(
                session, PELSALL, at(8, 9), status="review", resolved=at(9, 9)
            ),
            # Unclaimed now.
            "late_hand_off": _case(session, PELSALL, at(9, 13, 50)),
            "fresh_hand_off": _case(session, PELSALL, at(9, 13, 58)),
            "medium_in_time": _case(session, PELSALL, at(9, 13, 40), severity="medium"),
            # Tuesday 1pm + one working day of 8h45 (Tue to 4:45pm, then Wed from 8am) is
            # Wednesday 1pm: past. Wednesday 9am's has until Thursday.
            "late_check_in": _case(session, PELSALL, at(8, 13), status="review"),
            "check_in_in_time": _case(session, PELSALL, at(9, 9), status="review"),
            # A check-in on Monday that became a hand-off 3 minutes ago: the ladder counts
            # from the hand-off's alert, not from Monday.
            "promoted": _case(session, PELSALL, at(7, 9), alerted=(at(7, 9), at(9, 13, 57))),
            # Recorded before alerts existed: counted from when it was recorded.
            "no_alert_row": _case(session, PELSALL, at(9, 12), alerted=()),
            "rowley": _case(session, ROWLEY, at(9, 12)),
        }
        _account(session, "dsl.pelsall@example.org", "dsl", PELSALL)
    return ids


def _summary(console: Console, email: str) -> WeekSummary:
    with console.sessions() as session:
        me = session.scalar(select(StaffAccount).where(StaffAccount.email == email))
        return week_summary(session, me, LADDER, NOW)


def _late(summary: WeekSummary) -> list[str]:
    return [case.id for case in summary.late]


def test_the_week_gives_the_median_and_the_longest_wait_before_a_claim(
    console: Console, week: dict[str, str]
) -> None:
    summary = _summary(console, "dsl.pelsall@example.org")
    assert summary.since == at(7, 0)
    assert summary.hand_offs is not None
    assert summary.hand_offs.count == 3
    assert summary.hand_offs.median == timedelta(minutes=4)
    assert summary.hand_offs.longest == timedelta(minutes=12)  # not last week's three hours
    # Check-ins are counted apart: a day's wait there is by design.
    assert summary.check_ins is not None
    assert (summary.check_ins.count, summary.check_ins.median) == (1, timedelta(days=1))


def test_unclaimed_past_their_time_are_listed_longest_waiting_first(
    console: Console, week: dict[str, str]
) -> None:
    late = _late(_summary(console, "dsl.pelsall@example.org"))
    assert late == [week["late_check_in"], week["no_alert_row"], week["late_hand_off"]]


def test_a_dsl_sees_only_their_school_and_the_trust_dsl_every_school(
    console: Console, week: dict[str, str]
) -> None:
    assert week["rowley"] not in _late(_summary(console, "dsl.pelsall@example.org"))
    trust = _summary(console, "trust.dsl@example.org")
    assert {week["rowley"], week["late_hand_off"]} <= set(_late(trust))
    assert trust.hand_offs is not None and trust.hand_offs.count == 3


def test_an_admin_sees_no_waits(console: Console, week: dict[str, str]) -> None:
    summary = _summary(console, "admin@example.org")
    assert (summary.hand_offs, summary.check_ins, summary.late) == (None, None, [])


def test_each_case_says_how_long_it_waited(console: Console, week: dict[str, str]) -> None:
    with console.sessions() as session:

        def wait(name: str) -> Wait:
            escalation = session.get(Escalation, week[name])
            return wait_of(Case(escalation, session.get(Casework, escalation.id)), NOW)

        assert wait("monday").label() == "waited 4 min before a claim"
        assert wait("late_hand_off").label() == "waiting 10 min"
        assert wait("check_in_resolved").label() == "resolved after 1 day, never claimed"
        # A check-in that became a hand-off has waited since the child's first message.
        assert wait("promoted").label() == "waiting 2 days 5 h"
