"""Staff take over a handed-off conversation through Rasa's HTTP API: the bot goes quiet,
staff words reach a socket.io window at once and a REST client on its next turn, and handing
back returns the conversation to the assistant."""

from __future__ import annotations

import queue
import time
import uuid

import pytest
import socketio

from bot.console.rasa_api import HANDED_BACK_TEXT, RasaClient
from tests.stack.conftest import Chat, customs, hang_up, texts

pytestmark = pytest.mark.servers

DISCLOSURE = "my stepdad hits me with his belt when he's drunk"


def test_a_rest_client_gets_staff_words_on_its_next_turn_and_the_bot_stays_quiet(stack) -> None:
    chat = Chat(stack, {"school": "rowley-hills-academy", "audience": "pupil"})
    escalation_id = customs(chat.say(DISCLOSURE), "handoff")[0]["escalation_id"]
    rasa = RasaClient(stack.rasa_url, stack.token)
    rasa.hold(chat.sender, escalation_id, "Mr Okafor")
    rasa.send_staff_message(chat.sender, "Mr Okafor", "Hi, I'm Mr Okafor. Are you safe right now?")

    reply = chat.say("yes im in my room")
    staff = customs(reply, "staff_message")
    assert [s["text"] for s in staff] == ["Hi, I'm Mr Okafor. Are you safe right now?"]
    assert staff[0]["from"] == "Mr Okafor"
    assert texts(reply) == "", "while staff hold the chat the bot says nothing of its own"
    assert customs(chat.say("ok"), "staff_message") == [], "each staff message is relayed once"

    # New risk while staff hold it still brings the crisis card.
    assert customs(chat.say("i want to kill myself"), "crisis_card")

    rasa.hand_back(chat.sender)
    after = chat.say("where can i get help with money worries")
    assert customs(after, "services"), "handed back: the assistant answers again"
    assert any(e.get("text") == HANDED_BACK_TEXT for e in chat.tracker()["events"])


def test_a_socketio_window_gets_staff_words_as_they_are_written(stack) -> None:
    received: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    session_id = uuid.uuid4().hex

    @client.on("bot_uttered")
    def uttered(data) -> None:  # type: ignore[no-untyped-def]
        received.put(data)

    client.connect(stack.rasa_url, socketio_path="/socket.io", transports=["polling"])
    try:
        client.emit("session_request", {"session_id": session_id})
        client.emit(
            "user_uttered",
            {"message": DISCLOSURE, "session_id": session_id,
             "metadata": {"school": "rowley-hills-academy", "audience": "pupil"}},
        )  # fmt: skip
        escalation_id = None
        deadline = time.monotonic() + 30
        while escalation_id is None and time.monotonic() < deadline:
            custom = received.get(timeout=30).get("custom") or {}
            if custom.get("type") == "handoff":
                escalation_id = custom["escalation_id"]
        assert escalation_id
        rasa = RasaClient(stack.rasa_url, stack.token)
        rasa.hold(session_id, escalation_id, "Ms Rahman")
        rasa.send_staff_message(session_id, "Ms Rahman", "I'm here. You did the right thing.")
        pushed = received.get(timeout=15)
    finally:
        hang_up(client)
    assert pushed == {
        "custom": {"type": "staff_message", "from": "Ms Rahman",
                   "text": "I'm here. You did the right thing."}
    }  # fmt: skip
