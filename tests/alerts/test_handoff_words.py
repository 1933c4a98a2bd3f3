"""After a hand-off the assistant says only what is true: someone is reading now (a member
of the team is on duty with the console open), the team is in until a time today, or when
they will next read it, with the 24-hour contacts. The words are the crisis-contacts file's."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.alerts.availability import TeamAvailability
from bot.config import DATA_DIR
from bot.console.accounts import create_account
from bot.console.presence import record_seen
from bot.db import session_scope
from bot.safeguarding.check_in import CheckInText, check_in_path
from bot.safeguarding.crisis import CrisisCards, crisis_path
from bot.safeguarding.handoff import Handoff
from bot.schools import load_schools
from bot.team import UK
from tests.alerts.conftest import HIGH

SCHOOL = load_schools(DATA_DIR)["greets-green-meadow-primary"]  # in 8:15am to 4:30pm
CARDS = CrisisCards.from_file(crisis_path(DATA_DIR))
MONDAY_10AM = datetime(2026, 12, 7, 10, 0, tzinfo=UK)


def handoff_reply(store, sessions, now: datetime, audience: str = "pupil") -> str:
    handoff = Handoff(
        store, CARDS, CheckInText.from_file(check_in_path(DATA_DIR)), TeamAvailability(sessions)
    )
    _, reply = handoff.start(
        HIGH, conversation_id="c-words", text="words", school=SCHOOL, audience=audience, now=now
    )
    [said] = [m["text"] for m in reply.messages if "passed this conversation" in m.get("text", "")]
    return said


def staff_looking(sessions, role: str, school: str | None, seen: datetime) -> None:
    with session_scope(sessions) as session:
        account = create_account(
            session, email=f"{role}-{seen.timestamp()}@example.org", name="Staff", role=role,
            school_slug=school, now=seen,
        )  # fmt: skip
        session.flush()
        record_seen(session, account, seen)


def test_someone_is_reading_now_only_while_the_team_has_the_console_open(store, sessions) -> None:
    staff_looking(sessions, "pastoral", SCHOOL.slug, MONDAY_10AM - timedelta(seconds=20))
    said = handoff_reply(store, sessions, MONDAY_10AM)
    assert said == CARDS.handoff_text("child", "reading_now", school=SCHOOL.name)
    later = handoff_reply(store, sessions, MONDAY_10AM + timedelta(minutes=5))
    assert "reading messages right now" not in later, "they closed the console"
    assert "until 4:30pm today" in later and "Childline (0800 1111)" in later


def test_staff_of_another_school_do_not_count(store, sessions) -> None:
    staff_looking(sessions, "dsl", "rowley-hills-academy", MONDAY_10AM)
    assert "until 4:30pm today" in handoff_reply(store, sessions, MONDAY_10AM)


def test_the_trusts_dsl_counts_for_every_school_of_the_trust(store, sessions) -> None:
    staff_looking(sessions, "trust_dsl", None, MONDAY_10AM)
    assert "reading messages right now" in handoff_reply(store, sessions, MONDAY_10AM)


@pytest.mark.parametrize(
    ("now", "when"),
    [
        (datetime(2026, 12, 4, 19, 0, tzinfo=UK), "on Monday 7 December at 8:15am"),
        (datetime(2026, 12, 8, 22, 0, tzinfo=UK), "tomorrow at 8:15am"),
        (datetime(2026, 12, 22, 11, 0, tzinfo=UK), "on Monday 4 January at 8:15am"),
    ],
)
def test_out_of_hours_says_when_the_team_will_read_it(store, sessions, now, when) -> None:
    staff_looking(sessions, "dsl", SCHOOL.slug, now)  # working late: still not "on duty"
    said = handoff_reply(store, sessions, now)
    assert said == CARDS.handoff_text("child", "out_of_hours", school=SCHOOL.name, when=when)
    assert "Shout (text SHOUT to 85258)" in said and "999" in said


def test_a_parent_out_of_hours_is_given_the_nspcc_helpline(store, sessions) -> None:
    said = handoff_reply(store, sessions, datetime(2026, 12, 5, 12, 0, tzinfo=UK), "parent")
    assert "NSPCC Helpline (0808 800 5000)" in said and "on Monday 7 December" in said


def test_every_number_in_the_words_is_on_the_card(store, sessions) -> None:
    for audience, texts in CARDS.handoff.items():
        card = CARDS.text(audience)
        for text in texts.values():
            for number in ("0800 1111", "85258", "0808 800 5000", "999"):
                if number in text:
                    assert number in card, (audience, number)


def test_when_the_database_is_down_the_hours_alone_decide(store, tmp_path) -> None:
    from bot.db import make_engine, make_session_factory

    gone = make_session_factory(make_engine(f"sqlite:///{tmp_path / 'missing' / 'x.db'}"))
    said = handoff_reply(store, gone, MONDAY_10AM)
    assert "until 4:30pm today" in said
