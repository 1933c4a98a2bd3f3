"""NHS careers: roles by name, roles that fit, comparisons, follow-ups, more like that."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import send, turn_from
from bot.careers.conversation import (
    OUT_OF_SCOPE,
    ROLE_SLOT,
    SHOWN_SLOT,
    WISHES_SLOT,
    CareerTurn,
)
from bot.careers.present import Reader
from bot.directory.conversation import TOPIC_SLOT, Turn
from bot.runtime import runtime


def career_turn(tracker: Tracker, turn: Turn) -> CareerTurn:
    """The careers side of a turn already read from the tracker (`turn_from`)."""
    return CareerTurn(
        text=turn.text,
        intent=turn.intent,
        reader=Reader(turn.audience, turn.age, turn.school.phase if turn.school else None),
        role_id=tracker.get_slot(ROLE_SLOT),
        wishes=tracker.get_slot(WISHES_SLOT) or {},
        shown=list(tracker.get_slot(SHOWN_SLOT) or []),
    )


class ActionCareers(Action):
    def name(self) -> str:
        return "action_careers"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn = turn_from(tracker)
        if turn.postcode_entity or turn.town_entity:
            # "apprenticeships near Walsall": local services from the directory.
            return send(runtime().directory.answer(turn, datetime.now(timezone.utc)), dispatcher)
        ranking = [str(i.get("name")) for i in tracker.latest_message.get("intent_ranking") or []]
        if topic := runtime().careers.topic_of_care_asked(turn.text, ranking):
            if topic == OUT_OF_SCOPE:
                dispatcher.utter_message(response="utter_out_of_scope")
                return []
            # Care asked for, not a job: the topic's services, and the topic from now on.
            reply = runtime().directory.answer(
                replace(turn, topic=topic, intent=topic), datetime.now(timezone.utc)
            )
            reply.slots[TOPIC_SLOT] = topic
            return send(reply, dispatcher)
        return send(runtime().careers.answer(career_turn(tracker, turn)), dispatcher)
