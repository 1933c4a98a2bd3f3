"""Carrying a `bot` Reply out through Rasa's dispatcher, and slots and metadata in."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.directory.conversation import SHOWN_SLOT, TOPIC_SLOT, Turn, saved_place
from bot.replies import Reply
from bot.runtime import runtime


def send(reply: Reply, dispatcher: CollectingDispatcher) -> list[EventType]:
    for message in reply.messages:
        # A card with its text version stays one message (see Reply.show).
        dispatcher.utter_message(
            text=message.get("text"),
            buttons=message.get("buttons") or [],
            json_message=message.get("custom"),
        )
    return [SlotSet(name, value) for name, value in reply.slots.items()]


def metadata(tracker: Tracker) -> dict[str, Any]:
    """The widget's metadata: this message's, else what the session started with."""
    latest = tracker.latest_message.get("metadata") or {}
    started = tracker.get_slot("session_started_metadata") or {}
    return {**started, **latest} if isinstance(latest, dict) else dict(started)


def _entity(tracker: Tracker, name: str) -> str | None:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value) if value else None


def _age(value: Any) -> int | None:
    try:
        age = int(float(value))
    except (TypeError, ValueError):
        return None
    return age if 0 <= age <= 25 else None


def turn_from(tracker: Tracker) -> Turn:
    meta = metadata(tracker)
    return Turn(
        text=tracker.latest_message.get("text") or "",
        intent=(tracker.latest_message.get("intent") or {}).get("name"),
        topic=tracker.get_slot(TOPIC_SLOT),
        postcode_entity=_entity(tracker, "postcode"),
        town_entity=_entity(tracker, "town"),
        saved_place=saved_place(
            tracker.get_slot("location_label"),
            tracker.get_slot("location_lat"),
            tracker.get_slot("location_lon"),
        ),
        school=runtime().schools.get(str(meta.get("school", ""))),
        age=_age(tracker.get_slot("age")),
        who_for=tracker.get_slot("who_for"),
        audience=meta.get("audience"),
        **_shown(tracker.get_slot(SHOWN_SLOT)),
    )


def _shown(value: Any) -> dict[str, Any]:
    """The services_shown slot as Turn's fields; anything malformed counts as nothing shown."""
    if not isinstance(value, dict) or not isinstance(value.get("ids"), list):
        return {}
    return {
        "shown_topic": value.get("topic"),
        "shown_ids": tuple(str(i) for i in value["ids"]),
        "shown_needs": tuple(str(n) for n in value.get("needs") or ()),
        "shown_last": tuple(str(i) for i in value.get("last") or ()),
    }
