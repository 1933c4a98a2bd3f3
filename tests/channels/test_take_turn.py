"""One turn as both channels take it (`take_turn`), with the real detector and a real SQLite
file: a turn that fails is reported as not taken, and a disclosure it left unanswered is
handed off from here, its escalation written before the reply is returned."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sqlalchemy import select

from bot.channels.safety_net import Turn, take_turn
from bot.runtime import runtime
from bot.safeguarding.models import Escalation
from tests.conftest import seeded_database

DISCLOSURE = "my dad hits me when he is drunk"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("take-turn")
    url = f"sqlite:///{folder / 'signpost.db'}"
    sessions = seeded_database(url)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DATABASE_URL", url)
        env.setenv("ESCALATION_SPOOL_DIR", str(folder / "spool"))
        runtime.cache_clear()  # these tests' runtime reads these settings (built once)
        yield sessions
    runtime.cache_clear()


def _turn(text: str, fails: bool, reply: list[dict[str, Any]] | None = None) -> Turn:
    output = CollectingOutputChannel()
    message = UserMessage(text, output, "pupil-1", metadata={"audience": "pupil"})

    async def on_new_message(_message: UserMessage) -> None:
        output.messages.extend(reply or [])
        if fails:
            raise ConnectionError("the lock store is unreachable")

    return asyncio.run(take_turn(on_new_message, message, text, None, output.messages, "REST"))


def test_a_failed_turn_is_not_taken(database) -> None:
    assert _turn("where can I get help with asthma", fails=True) == Turn(False, None)


def test_an_answered_turn_is_taken_and_nothing_more_is_done(database) -> None:
    assert _turn("hello", fails=False, reply=[{"text": "Hello!"}]) == Turn(True, None)


def test_a_disclosure_in_a_failed_turn_is_handed_off_here(database) -> None:
    turn = _turn(DISCLOSURE, fails=True)
    assert not turn.taken and turn.handoff is not None
    [handoff] = [m["custom"] for m in turn.handoff if m.get("custom", {}).get("type") == "handoff"]
    assert any(m.get("custom", {}).get("type") == "crisis_card" for m in turn.handoff)
    with database() as session:
        row = session.scalar(select(Escalation).where(Escalation.id == handoff["escalation_id"]))
        assert row.conversation_id == "pupil-1" and row.message == DISCLOSURE
