"""Actions that answer from the service directory."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.careers import career_turn
from actions.replies import send, turn_from
from bot.careers.conversation import ROLE_SLOT
from bot.runtime import runtime


class ActionSearchServices(Action):
    """A topic question, a postcode or a town: national and local services at once."""

    def name(self) -> str:
        return "action_search_services"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = runtime().directory.answer(turn_from(tracker), datetime.now(timezone.utc))
        return send(reply, dispatcher)


class ActionMoreServices(Action):
    """ "More": the next few services for the topic under discussion."""

    def name(self) -> str:
        return "action_more_services"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn = turn_from(tracker)
        if turn.topic == "careers" and tracker.get_slot(ROLE_SLOT):
            # "more like that" about a role: related roles, not more directory listings
            return send(runtime().careers.more_like(career_turn(tracker)), dispatcher)
        reply = runtime().directory.more(turn, datetime.now(timezone.utc))
        return send(reply, dispatcher)


class ActionAboutServices(Action):
    """A question about the services just listed: open on Saturday, nearest, free, ages,
    their number."""

    def name(self) -> str:
        return "action_about_services"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = runtime().directory.about_shown(turn_from(tracker), datetime.now(timezone.utc))
        return send(reply, dispatcher)


class ActionNotUnderstood(Action):
    """A message the NLU could not place: a question about the services just listed if it
    reads as one ("r they free?"), else the topics to choose from."""

    def name(self) -> str:
        return "action_not_understood"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn, now = turn_from(tracker), datetime.now(timezone.utc)
        if runtime().directory.is_about_shown(turn, now):
            return send(runtime().directory.about_shown(turn, now), dispatcher)
        dispatcher.utter_message(response="utter_fallback_topics")
        return []
