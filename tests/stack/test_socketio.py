"""Our socket.io channel, with a real socket.io client: replies and custom payloads arrive."""

import queue
import uuid

import pytest
import socketio

from tests.stack.conftest import hang_up

pytestmark = pytest.mark.servers


def test_a_persistent_session_gets_text_and_custom_payloads(stack) -> None:
    received: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    session_id = uuid.uuid4().hex

    @client.on("session_confirm")
    def confirmed(data) -> None:  # type: ignore[no-untyped-def]
        received.put(("confirm", data))

    @client.on("bot_uttered")
    def uttered(data) -> None:  # type: ignore[no-untyped-def]
        received.put(("bot", data))

    client.connect(stack.rasa_url, socketio_path="/socket.io", transports=["polling"])
    try:
        client.emit("session_request", {"session_id": session_id})
        assert received.get(timeout=10) == ("confirm", session_id)
        client.emit(
            "user_uttered",
            {
                "message": "we need help with money",
                "session_id": session_id,
                "metadata": {"school": "palfrey-park-primary", "audience": "parent"},
            },
        )
        messages = []
        while True:
            try:
                kind, data = received.get(timeout=15)
            except queue.Empty:
                break
            messages.append(data)
            if any("custom" in m for m in messages) and len(messages) >= 2:
                break
    finally:
        hang_up(client)
    assert any("text" in m for m in messages)
    customs = [m["custom"] for m in messages if "custom" in m]
    assert customs and customs[0]["type"] == "services"
    # The services and their text version come as one event (bot/channels/cards.py).
    [card] = [m for m in messages if "custom" in m]
    assert all(f"{s['name']}:" in card["text"] for s in card["custom"]["services"])
    assert any(s["distance_km"] is not None for s in customs[0]["services"]), "near the school"
