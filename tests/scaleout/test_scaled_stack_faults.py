"""Faults in the scaled set-up (tests/scaleout/conftest.py), each undone before the test ends:
Redis unreachable (a clear refusal, nothing lost, a disclosure still handed off), and a Rasa
server killed in the middle of a load (the conversations go on through the other one)."""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.channels.intake import NOT_TAKEN
from bot.channels.socketio import REFUSED_TEXT
from bot.scaleout.cluster import ScaledStack
from bot.scaleout.conversations import OURS
from bot.scaleout.loadtest import LoadResult, _tracker_turns, check_conversation, run_load
from bot.stack import rasa_ready
from tests.stack.conftest import customs, hang_up
from tests.tcp_link import TcpLink

pytestmark = pytest.mark.servers

PUPIL = {"school": "rowley-hills-academy", "audience": "pupil"}
DISCLOSURE = "my stepdad hits me with his belt when he's drunk"


def say(stack: ScaledStack, sender: str, message: str) -> requests.Response:
    return requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message, "metadata": PUPIL},
        timeout=130,
    )


def escalated(engine: Engine, sender: str) -> int:
    with engine.connect() as connection:
        query = text("SELECT count(*) FROM escalation WHERE conversation_id = :c")
        return int(connection.execute(query, {"c": sender}).scalar_one())


@pytest.fixture
def redis_down(redis_link: TcpLink) -> Iterator[None]:
    redis_link.cut()
    try:
        yield
    finally:
        redis_link.restore()


def socket_reply(stack: ScaledStack, message: str) -> list[dict]:
    """What a chat window connected to the first server hears after sending `message`."""
    heard: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", heard.put)
    session_id = uuid.uuid4().hex
    client.connect(stack.server_url(0), socketio_path="/socket.io", transports=["polling"])
    try:
        client.emit("session_request", {"session_id": session_id})
        client.emit("user_uttered", {"message": message, "session_id": session_id,
                                     "metadata": PUPIL})  # fmt: skip
        replies = [heard.get(timeout=60)]
        time.sleep(1)  # anything that follows the first reply
        while not heard.empty():
            replies.append(heard.get_nowait())
    finally:
        hang_up(client)
    return replies


def test_with_redis_down_a_message_is_refused_clearly_and_kept_nowhere(
    scaled, engine, redis_down
) -> None:
    sender = f"redis-down-{uuid.uuid4().hex[:8]}"
    started = time.monotonic()
    refused = say(scaled, sender, "where can I get help with debt")
    assert time.monotonic() - started < 10
    assert refused.status_code == NOT_TAKEN[0]
    assert refused.json()["error"] == NOT_TAKEN[1], "the client is told to send it again"
    assert _tracker_turns(engine, sender) == [], "not half-kept"
    assert socket_reply(scaled, "where can I get help with debt") == [
        {"text": REFUSED_TEXT[NOT_TAKEN[0]]}
    ], "a chat window is told too, not left waiting"


def test_with_redis_down_a_disclosure_is_still_handed_off(scaled, engine, redis_down) -> None:
    sender = f"redis-down-{uuid.uuid4().hex[:8]}"
    reply = say(scaled, sender, DISCLOSURE)
    assert reply.status_code == 200
    assert customs(reply.json(), "crisis_card") and customs(reply.json(), "handoff")
    assert escalated(engine, sender) == 1, "written by the Rasa server, to PostgreSQL"
    heard = socket_reply(scaled, DISCLOSURE)
    assert customs(heard, "crisis_card") and customs(heard, "handoff"), "over socket.io too"


def test_when_redis_is_back_the_refused_message_sent_again_is_answered(
    scaled, engine, redis_link
) -> None:
    sender = f"redis-back-{uuid.uuid4().hex[:8]}"
    redis_link.cut()
    try:
        assert say(scaled, sender, "where can I get help with debt").status_code == 503
    finally:
        redis_link.restore()
    again = say(scaled, sender, "where can I get help with debt")
    assert again.status_code == 200 and customs(again.json(), "services")
    assert [m for m, _ in _tracker_turns(engine, sender)] == ["where can I get help with debt"]


def stored_messages(engine: Engine, run_id: str) -> int:
    query = text("SELECT count(*) FROM events WHERE type_name = 'user' AND sender_id LIKE :run")
    with engine.connect() as connection:
        return int(connection.execute(query, {"run": f"load-{run_id}-%"}).scalar_one())


def kill_during(
    stack: ScaledStack, engine: Engine, load: threading.Thread, run_id: str, messages: int
) -> None:
    """Kill rasa-1 once a quarter of the load's messages are stored: in the middle of it,
    however fast the machine is today."""
    deadline = time.monotonic() + 300
    while stored_messages(engine, run_id) < messages // 4 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert load.is_alive(), "the load was still running when the server was killed"
    stack.named["rasa-1"].kill()
    stack.named["rasa-1"].wait(timeout=10)


def test_a_rasa_server_killed_mid_load_leaves_every_conversation_going(scaled, engine) -> None:
    run_id, conversations = uuid.uuid4().hex[:8], 40
    messages = sum(len(OURS[n % len(OURS)].turns) for n in range(conversations))
    results: list[LoadResult] = []
    load = threading.Thread(
        target=lambda: results.append(
            run_load(scaled.rasa_url, OURS, conversations=conversations, concurrency=10,
                     run_id=run_id)
        )
    )  # fmt: skip
    load.start()
    kill_during(scaled, engine, load, run_id, messages)
    load.join(timeout=600)
    [result] = results
    killed = f"127.0.0.1:{scaled.rasa_ports[0]}"

    # Only a turn in flight on the killed server failed (nginx answers 502 for it); every
    # conversation that did not meet one is whole in the tracker store, its disclosures
    # escalated exactly once.
    cut_short = [c for c in result.conversations if c.error]
    assert len(cut_short) <= 10, "at most the turns in flight when it was killed"
    assert all("502" in str(c.error) for c in cut_short), [c.error for c in cut_short]
    for played in result.conversations:
        if not played.error:
            assert check_conversation(engine, played) == []
    after_kill = [t for c in result.conversations for t in c.turns if t.served_by != killed]
    assert after_kill, "the other server went on answering"

    # Every conversation goes on: its next message is answered, by the server still up (a
    # conversation whose turn was cut waits for the killed server's lock ticket to expire).
    def next_message(sender: str) -> tuple[int, float]:
        started = time.monotonic()
        response = say(scaled, sender, "thank you")
        return response.status_code, time.monotonic() - started

    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(next_message, [c.sender for c in result.conversations]))
    assert [status for status, _ in answers] == [200] * len(answers)
    assert max(seconds for _, seconds in answers) < 90

    # `signpost run`'s supervision starts it again, and nginx sends it turns once more.
    assert scaled.restart_exited() == ["rasa-1"]
    deadline = time.monotonic() + 240
    while not rasa_ready(scaled.server_url(0), scaled.token) and time.monotonic() < deadline:
        time.sleep(1)
    assert rasa_ready(scaled.server_url(0), scaled.token)
