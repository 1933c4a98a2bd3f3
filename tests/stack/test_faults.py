"""When the action server fails, a disclosure still gets the crisis card and its escalation
(the Rasa server's safety net), and `signpost run`'s supervision starts the server again.
A stack of its own: these tests stop and kill its servers."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bot.config import DATA_DIR
from bot.console.seed import seed_schools
from bot.db import make_engine, make_session_factory, session_scope
from bot.directory.seed import migrate_and_seed
from bot.stack import MODEL_PATH, Stack
from tests.stack.conftest import Chat, customs
from tests.stack.test_safeguarding import escalations

pytestmark = pytest.mark.servers

SCHOOL = {"school": "rowley-hills-academy", "audience": "pupil"}


@pytest.fixture(scope="module")
def fragile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL_PATH.exists():
        pytest.fail("no trained model: run `make test`, which trains it first")
    work: Path = tmp_path_factory.mktemp("faults")
    url = f"sqlite:///{work / 'signpost.db'}"
    migrate_and_seed(url, DATA_DIR)
    with session_scope(make_session_factory(make_engine(url))) as session:
        seed_schools(session, DATA_DIR)
    with Stack.on_free_ports(url, work / "logs", {"POSTCODES_IO_URL": "http://127.0.0.1:9"}) as s:
        yield s


def actions_up(stack: Stack) -> bool:
    try:
        return requests.get(f"{stack.action_url}/health", timeout=1).ok
    except requests.RequestException:
        return False


def test_a_hung_action_server_still_lets_a_disclosure_have_the_crisis_card(fragile) -> None:
    chat = Chat(fragile, SCHOOL)
    actions = fragile.named["actions"]
    os.kill(actions.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        reply = chat.say("he punches me when mum goes out and i'm scared to go home")
        waited = time.monotonic() - started
    finally:
        os.kill(actions.pid, signal.SIGCONT)
    assert waited < 10, waited
    assert customs(reply, "crisis_card")
    [handoff] = customs(reply, "handoff")
    [row] = escalations(fragile, chat.sender)
    assert row["id"] == handoff["escalation_id"]


def test_a_killed_action_server_is_started_again_and_nothing_was_lost(fragile, caplog) -> None:
    fragile.named["actions"].kill()
    fragile.named["actions"].wait(timeout=10)
    assert not actions_up(fragile)

    chat = Chat(fragile, SCHOOL)
    started = time.monotonic()
    reply = chat.say("i want to end it all tonight")
    assert time.monotonic() - started < 10
    assert customs(reply, "crisis_card") and customs(reply, "handoff")
    assert len(escalations(fragile, chat.sender)) == 1

    # What `signpost run` does every second: a stopped server is started again.
    assert fragile.restart_exited() == ["actions"]
    deadline = time.monotonic() + 60
    while not actions_up(fragile) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert actions_up(fragile)
    assert fragile.restart_exited() == []  # running: nothing to do
    after = Chat(fragile, SCHOOL).say("where can I get help with debt")
    assert customs(after, "services"), "the assistant answers again"
    assert "SERVER DOWN: actions exited" in caplog.text  # loud, for whoever runs it


def test_a_server_that_keeps_crashing_is_retried_ever_more_slowly(fragile) -> None:
    fragile._specs["flaky"] = (["python3", "-c", "raise SystemExit(3)"], {})
    fragile._spawn("flaky", *fragile._specs["flaky"])
    fragile.named["flaky"].wait(timeout=10)
    try:
        now = time.monotonic()
        assert fragile.restart_exited(now) == ["flaky"]
        fragile.named["flaky"].wait(timeout=10)
        assert fragile.restart_exited(now + 0.5) == []  # too soon
        assert fragile.restart_exited(now + 1.1) == ["flaky"]
        fragile.named["flaky"].wait(timeout=10)
        assert fragile.restart_exited(now + 2.0) == []  # waits 2 s now
        assert fragile.restart_exited(now + 3.2) == ["flaky"]
    finally:
        fragile.named["flaky"].wait(timeout=10)
        del fragile.named["flaky"], fragile._specs["flaky"]
