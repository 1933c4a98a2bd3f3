"""Two Rasa servers and two action servers behind nginx (tests/scaleout/conftest.py) at work.

`make bench` runs the same load at 50 conversations at once; here it is 20.
"""

from __future__ import annotations

import queue
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio

from bot.console.rasa_api import RasaClient
from bot.scaleout.conversations import OURS
from bot.scaleout.loadtest import _tracker_turns, check_record, run_load
from tests.stack.conftest import hang_up

pytestmark = pytest.mark.servers


def test_twenty_conversations_at_once_are_whole_in_the_tracker_store(scaled, engine) -> None:
    result = run_load(scaled.rasa_url, OURS, conversations=20, concurrency=20)
    assert result.errors == []
    assert check_record(engine, result) == []
    disclosures = [c for c in result.conversations if c.script.disclosure_turn is not None]
    assert len(disclosures) >= 5, "the load includes disclosures to escalate"
    spread = result.summary()["messages_per_server"]
    assert len(spread) == 2 and min(spread.values()) > 0, f"both servers answer: {spread}"


def test_turns_sent_together_to_both_servers_take_turns(scaled, engine) -> None:
    """The Redis lock store at work: a person who sends twice without waiting (a double tap)
    reaches both servers at once, and each message is still handled whole, one after the
    other, never both against the same state."""
    sender = f"double-{uuid.uuid4().hex[:8]}"
    messages = ["we are behind on the rent", "and the water bill"]

    def send(index: int) -> int:
        response = requests.post(
            f"{scaled.server_url(index)}/webhooks/rest/webhook",
            json={"sender": sender, "message": messages[index],
                  "metadata": {"school": "palfrey-park-primary", "audience": "parent"}},
            timeout=120,
        )  # fmt: skip
        return response.status_code

    for _ in range(3):
        with ThreadPoolExecutor(2) as pool:
            assert list(pool.map(send, [0, 1])) == [200, 200]
    turns = _tracker_turns(engine, sender)
    assert sorted(m for m, _ in turns) == sorted(messages * 3)
    for _message, events in turns:
        listens = [a for _kind, a in events if a == "action_listen"]
        assert listens == ["action_listen"] and events[-1][1] == "action_listen"


def test_staff_reply_through_one_server_reaches_a_window_on_the_other(scaled) -> None:
    """socket.io over Redis: the console may reach any server; the window hears it."""
    received: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    session_id = uuid.uuid4().hex

    @client.on("bot_uttered")
    def uttered(data) -> None:  # type: ignore[no-untyped-def]
        received.put(data)

    client.connect(scaled.server_url(0), socketio_path="/socket.io", transports=["polling"])
    try:
        client.emit("session_request", {"session_id": session_id})
        client.emit(
            "user_uttered",
            {"message": "my stepdad hits me with his belt when he's drunk",
             "session_id": session_id,
             "metadata": {"school": "rowley-hills-academy", "audience": "pupil"}},
        )  # fmt: skip
        escalation_id = None
        deadline = time.monotonic() + 60
        while escalation_id is None and time.monotonic() < deadline:
            custom = received.get(timeout=60).get("custom") or {}
            if custom.get("type") == "handoff":
                escalation_id = custom["escalation_id"]
        assert escalation_id
        other = RasaClient(scaled.server_url(1), scaled.token)
        other.hold(session_id, escalation_id, "Mr Okafor")
        other.send_staff_message(session_id, "Mr Okafor", "I've read your message. I'm here.")
        pushed = received.get(timeout=15)
    finally:
        hang_up(client)
    assert pushed == {
        "custom": {"type": "staff_message", "from": "Mr Okafor",
                   "text": "I've read your message. I'm here."}
    }  # fmt: skip


def test_two_senders_behind_two_servers_send_each_alert_once(scaled, engine, mailbox) -> None:
    """A sender runs beside each Rasa server; they share the outbox in PostgreSQL."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from bot.safeguarding.models import AlertOutbox

    def disclose(number: int) -> int:
        return requests.post(
            f"{scaled.rasa_url}/webhooks/rest/webhook",
            json={"sender": f"alert-{number}-{uuid.uuid4().hex[:6]}",
                  "message": "my dad hits me with his belt when he is angry",
                  "metadata": {"school": "rowley-hills-academy", "audience": "pupil"}},
            timeout=120,
        ).status_code  # fmt: skip

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(disclose, range(6))) == [200] * 6
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with Session(engine) as session:
            alerts = session.scalars(select(AlertOutbox)).all()
        if len(alerts) >= 6 and all(a.done_at is not None for a in alerts):
            break
        time.sleep(0.5)
    time.sleep(3)  # a second copy from the other sender would have arrived by now
    sent = [str(m["Message-ID"]) for m in mailbox.messages]
    for alert in alerts:
        assert alert.email_state == "sent"
        assert sum(f".alert-{alert.id}@signpost>" in m for m in sent) == 1, alert.id
