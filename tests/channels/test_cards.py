"""A card with its text version leaves the REST channel as one message (bot/channels/cards.py),
so the widget can draw the card alone and a text-only client still reads the text."""

import asyncio

from bot.channels.rest import CardCollector

SERVICES = {"type": "services", "topic": "asthma", "services": [{"id": "a", "name": "A"}]}


def collect(*messages: dict) -> list[dict]:
    collector = CardCollector()
    for message in messages:
        asyncio.run(collector.send_response("s-1", dict(message)))
    return collector.messages


def test_a_card_and_its_text_stay_one_message() -> None:
    text = "Here is help with asthma:\n\nA: what A does\nCall 0300 000 0000"
    [message] = collect({"text": text, "custom": SERVICES, "buttons": None})
    assert message == {"recipient_id": "s-1", "text": text, "custom": SERVICES}


def test_other_messages_go_as_rasa_sends_them() -> None:
    buttons = [{"title": "Asthma support", "payload": "Asthma support"}]
    messages = collect(
        {"text": "First part\n\nsecond part"},
        {"custom": {"type": "handoff"}},
        {"text": "Pick one", "buttons": buttons},
    )
    assert messages == [
        {"recipient_id": "s-1", "text": "First part"},
        {"recipient_id": "s-1", "text": "second part"},
        {"recipient_id": "s-1", "custom": {"type": "handoff"}},
        {"recipient_id": "s-1", "text": "Pick one", "buttons": buttons},
    ]
