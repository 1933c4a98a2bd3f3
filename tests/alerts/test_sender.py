"""Alerts reach the right school's team once, by email and signed webhook, without a word
of the conversation; failures wait in the outbox; the ladder widens until someone claims."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.alerts.sender import AlertSender
from bot.console.models import AuditEntry, Casework
from bot.db import make_engine, make_session_factory, session_scope
from bot.safeguarding.escalations import EscalationStore
from bot.safeguarding.models import AlertOutbox
from bot.stack import free_port
from tests.alerts.conftest import (
    MEDIUM,
    SECRET_WORDS,
    WEBHOOK_SECRET,
    escalate,
    sender_for,
    settings_for,
)
from tests.mailbox import Mailbox

ROWLEY_DSL = "okafor@rowley-hills-academy.example.org"
ROWLEY_DEPUTY = "nwosu@rowley-hills-academy.example.org"
TRUST_DSL = "achterberg@canal-and-kiln.example.org"


def words_of(message) -> str:  # type: ignore[no-untyped-def]
    return message.as_string().lower()


def assert_no_words_of_the_message(raw: str) -> None:
    for word in ("stepdad", "belt", "zqxjk"):
        assert word not in raw


def test_every_escalation_owes_an_alert_from_the_same_write(sessions, store) -> None:
    handoff = escalate(store)
    check_in = escalate(store, finding=MEDIUM, status="review")
    with sessions() as session:
        owed = {(a.escalation_id, a.reason) for a in session.scalars(select(AlertOutbox))}
    assert owed == {(handoff, "handoff"), (check_in, "check_in")}


def test_a_check_in_that_becomes_a_hand_off_owes_a_new_alert(sessions, store) -> None:
    from tests.alerts.conftest import HIGH

    review = escalate(store, finding=MEDIUM, status="review")
    store.promote(review, HIGH, "it got worse", datetime.now(timezone.utc))
    with sessions() as session:
        reasons = sorted(a.reason for a in session.scalars(select(AlertOutbox)))
    assert reasons == ["check_in", "promoted"]


def test_the_schools_dsl_gets_one_email_with_a_link_and_no_words(sessions, store, mailbox) -> None:
    escalation_id = escalate(store)
    other_school = escalate(store, school="palfrey-park-primary")
    sender = sender_for(sessions, smtp_url=mailbox.url)
    assert sender.tick() == 2
    assert sender.tick() == 0, "each alert goes once"
    mailbox.wait_for(2)
    [email] = mailbox.for_escalation(escalation_id)
    assert email["To"] == f"Mr Daniel Okafor <{ROWLEY_DSL}>"
    assert "Rowley Hills Academy" in email["Subject"] and "high" in email["Subject"]
    body = email.get_content()
    assert f"https://console.example.org/console/escalations/{escalation_id}" in body
    assert "Physical abuse" in body and "(UK time)" in body
    assert_no_words_of_the_message(words_of(email))
    [palfrey] = mailbox.for_escalation(other_school)
    assert "rahman@palfrey-park-primary.example.org" in palfrey["To"]
    with sessions() as session:
        sent = session.scalars(select(AuditEntry).where(AuditEntry.action == "alert_sent")).all()
    assert sorted(e.escalation_id for e in sent) == sorted([escalation_id, other_school])
    assert all(e.detail["channel"] == "email" for e in sent)
    assert_no_words_of_the_message(str([e.detail for e in sent]).lower())


def test_smtp_down_then_up_delivers_once_and_loses_nothing(sessions, store) -> None:
    port = free_port()  # nothing listens yet: the mail server is down
    escalation_id = escalate(store)
    sender = sender_for(sessions, smtp_url=f"smtp://127.0.0.1:{port}")
    sender.tick()
    with sessions() as session:
        [alert] = session.scalars(select(AlertOutbox)).all()
        assert alert.email_state == "pending" and alert.attempts == 1 and alert.done_at is None
        failed = session.scalars(select(AuditEntry).where(AuditEntry.action == "alert_failed"))
        assert [e.detail["error"] for e in failed] == ["ConnectionRefusedError"]
    with Mailbox(port=port) as mailbox:
        deadline = time.monotonic() + 10
        while not mailbox.messages and time.monotonic() < deadline:
            sender.tick()
            time.sleep(0.1)
        for _ in range(5):
            sender.tick()
        assert len(mailbox.for_escalation(escalation_id)) == 1
        assert len(mailbox.messages) == 1


def test_the_webhook_is_signed_and_carries_the_same_facts(sessions, store, webhook) -> None:
    escalation_id = escalate(store)
    sender_for(sessions, alert_webhook_url=webhook.url, alert_webhook_secret=WEBHOOK_SECRET).tick()
    [body] = webhook.received
    assert body["escalation_id"] == escalation_id
    assert body["school"] == {"slug": "rowley-hills-academy", "name": "Rowley Hills Academy"}
    assert body["severity"] == "high" and body["categories"] == ["Physical abuse"]
    assert body["link"].endswith(f"/console/escalations/{escalation_id}")
    assert [r["email"] for r in body["recipients"]] == [ROWLEY_DSL]
    assert_no_words_of_the_message(str(body).lower())


def test_a_webhook_with_the_wrong_secret_is_refused_and_kept(sessions, store, webhook) -> None:
    escalate(store)
    sender_for(sessions, alert_webhook_url=webhook.url, alert_webhook_secret="wrong").tick()
    assert webhook.received == [] and webhook.rejected == 1
    with sessions() as session:
        [alert] = session.scalars(select(AlertOutbox)).all()
    assert alert.webhook_state == "pending" and alert.last_error == "DeliveryError"


def test_the_ladder_widens_after_its_time_and_a_claim_stops_it(sessions, store, mailbox) -> None:
    sender = sender_for(sessions, smtp_url=mailbox.url, alert_ladder="high=0.6,medium=0.6")
    unclaimed, claimed = escalate(store), escalate(store, school="palfrey-park-primary")
    sender.tick()
    assert len(mailbox.wait_for(2)) == 2
    with session_scope(sessions) as session:
        session.add(Casework(escalation_id=claimed, state="claimed"))
    time.sleep(0.7)
    sender.tick()
    [first, second] = mailbox.for_escalation(unclaimed)
    assert second["To"].count("@") == 2 and ROWLEY_DEPUTY in second["To"]
    assert "Not yet claimed" in second["Subject"]
    time.sleep(0.7)
    sender.tick()
    third = mailbox.for_escalation(unclaimed)[-1]
    assert TRUST_DSL in third["To"] and ROWLEY_DEPUTY in third["To"]
    time.sleep(0.7)
    sender.tick()
    assert len(mailbox.for_escalation(unclaimed)) == 3, "the ladder has three rungs"
    assert len(mailbox.for_escalation(claimed)) == 1, "a claim stops the ladder"


def test_no_school_known_alerts_the_trusts_dsl(sessions, store, mailbox) -> None:
    escalation_id = escalate(store, school=None)
    sender_for(sessions, smtp_url=mailbox.url).tick()
    [email] = mailbox.wait_for(1)
    assert TRUST_DSL in email["To"] and escalation_id in email.get_content()
    assert "School not known" in email["Subject"]


def test_without_a_mail_server_or_webhook_alerts_are_marked_off(sessions, store) -> None:
    escalate(store)
    sender_for(sessions).tick()
    with sessions() as session:
        [alert] = session.scalars(select(AlertOutbox)).all()
    assert (alert.email_state, alert.webhook_state) == ("off", "off")
    assert alert.done_at is not None


@pytest.mark.postgres
def test_two_senders_on_postgresql_send_each_alert_once(empty_postgres_url, tmp_path) -> None:
    from bot.config import DATA_DIR
    from bot.console.seed import seed_schools
    from bot.db import upgrade

    upgrade(empty_postgres_url)
    engine = make_engine(empty_postgres_url)
    sessions = make_session_factory(engine)
    with session_scope(sessions) as session:
        seed_schools(session, DATA_DIR)
    store = EscalationStore(sessions, tmp_path / "spool")
    ids = [escalate(store) for _ in range(30)]
    with Mailbox(delay_s=0.02) as mailbox:
        senders = [AlertSender(settings_for(smtp_url=mailbox.url), sessions) for _ in range(2)]
        threads = [threading.Thread(target=s.tick) for s in senders for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        while sum(s.tick() for s in senders):
            pass
        assert sorted(len(mailbox.for_escalation(i)) for i in ids) == [1] * 30
    engine.dispose()


def test_the_secret_words_are_in_the_database_only(sessions, store, mailbox) -> None:
    """The check above is not empty: the words are there to be leaked."""
    escalation_id = escalate(store)
    from bot.safeguarding.models import Escalation

    with sessions() as session:
        assert session.get(Escalation, escalation_id).message == SECRET_WORDS
