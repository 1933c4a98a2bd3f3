"""Escalations are committed before the reply, retried, spooled, and never silently lost."""

import logging
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.db import make_engine, make_session_factory, upgrade
from bot.safeguarding.detector import Finding, Match
from bot.safeguarding.escalations import EscalationStore, NewEscalation
from bot.safeguarding.models import Escalation, EscalationMessage

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
FINDING = Finding((Match("physical_abuse", "high", "hit me", "hit me", 7, 13),))
SECRET = "my dad hit me zqxjk"


def new_escalation() -> NewEscalation:
    return NewEscalation.from_finding(
        FINDING, conversation_id="c-1", school="palfrey-park-primary", audience="pupil",
        message=SECRET, now=NOW,
    )  # fmt: skip


def store_for(url: str, tmp_path) -> tuple[EscalationStore, object]:
    upgrade(url)
    sessions = make_session_factory(make_engine(url))
    return EscalationStore(sessions, tmp_path / "spool"), sessions


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_an_escalation_and_its_follow_ups_are_stored(
    database, sqlite_url, tmp_path, request
) -> None:
    url = sqlite_url if database == "sqlite" else request.getfixturevalue("postgres_url")
    store, sessions = store_for(url, tmp_path)
    escalation = new_escalation()
    assert store.record(escalation) is True
    assert store.record_follow_up(escalation.id, "it happened again", FINDING, NOW) is True
    with sessions() as session:
        row = session.get(Escalation, escalation.id)
        assert row.status == "new" and row.categories == ["physical_abuse"]
        assert row.message == SECRET and row.school == "palfrey-park-primary"
        assert [m.text for m in row.follow_ups] == ["it happened again"]


def test_a_read_only_database_spools_loudly_without_the_message(
    sqlite_url, tmp_path, caplog
) -> None:
    store, sessions = store_for(sqlite_url, tmp_path)
    path = sqlite_url.removeprefix("sqlite:///")
    read_only = EscalationStore(
        make_session_factory(make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")),
        tmp_path / "spool",
    )
    escalation = new_escalation()
    with caplog.at_level(logging.ERROR):
        assert read_only.record(escalation) is False
        read_only.record_follow_up(escalation.id, "still scared", FINDING, NOW)
    assert "ESCALATION NOT IN DATABASE" in caplog.text
    assert "zqxjk" not in caplog.text, "logs never carry message text"
    assert (tmp_path / "spool" / f"{escalation.id}.json").exists()

    # The database takes writes again: the next escalation flushes the spool first.
    assert store.flush_spool() == 1
    with sessions() as session:
        row = session.get(Escalation, escalation.id)
        assert row is not None and [m.text for m in row.follow_ups] == ["still scared"]
        assert session.scalars(select(EscalationMessage)).all()
    assert not list((tmp_path / "spool").glob("*.json"))


UNSURE = Finding((Match("emotional_abuse", "high", "classifier", "...", 0, 3),))
SURE = Finding((Match("physical_abuse", "critical", "hit me", "hit me", 0, 6),))


def test_a_check_in_is_kept_for_review_and_promoted_to_a_hand_off(sqlite_url, tmp_path) -> None:
    store, sessions = store_for(sqlite_url, tmp_path)
    review = NewEscalation.from_finding(
        UNSURE, conversation_id="c-2", school=None, audience="pupil", message="first",
        now=NOW, status="review",
    )  # fmt: skip
    assert store.record(review)
    with sessions() as session:
        assert session.get(Escalation, review.id).status == "review"
    assert store.promote(review.id, SURE, "he hit me again", NOW)
    with sessions() as session:
        row = session.get(Escalation, review.id)
        assert row.status == "new" and row.message == "first"
        assert row.categories == ["emotional_abuse", "physical_abuse"]
        assert row.severity == "critical"
        assert [m.text for m in row.follow_ups] == ["he hit me again"]
        assert len(session.scalars(select(Escalation)).all()) == 1


def test_a_promotion_while_the_database_is_down_waits_with_its_review(sqlite_url, tmp_path) -> None:
    store, sessions = store_for(sqlite_url, tmp_path)
    path = sqlite_url.removeprefix("sqlite:///")
    read_only = EscalationStore(
        make_session_factory(make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")),
        tmp_path / "spool",
    )
    review = NewEscalation.from_finding(
        UNSURE, conversation_id="c-3", school=None, audience=None, message="first",
        now=NOW, status="review",
    )  # fmt: skip
    assert read_only.record(review) is False
    assert read_only.promote(review.id, SURE, "yes", NOW) is False
    assert store.flush_spool() == 1
    with sessions() as session:
        row = session.get(Escalation, review.id)
        assert row.status == "new" and row.severity == "critical"
        assert [m.text for m in row.follow_ups] == ["yes"]


def test_a_promotion_of_a_review_already_written_is_spooled_when_the_database_is_down(
    sqlite_url, tmp_path
) -> None:
    store, sessions = store_for(sqlite_url, tmp_path)
    review = NewEscalation.from_finding(
        UNSURE, conversation_id="c-4", school=None, audience=None, message="first",
        now=NOW, status="review",
    )  # fmt: skip
    assert store.record(review)
    path = sqlite_url.removeprefix("sqlite:///")
    read_only = EscalationStore(
        make_session_factory(make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")),
        tmp_path / "spool",
    )
    assert read_only.promote(review.id, SURE, "yes", NOW) is False
    assert store.flush_spool() == 1
    with sessions() as session:
        row = session.get(Escalation, review.id)
        assert row.status == "new" and [m.text for m in row.follow_ups] == ["yes"]
