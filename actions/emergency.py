"""The 999 advice for a medical emergency happening now."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.runtime import runtime


class ActionEmergencyAdvice(Action):
    def name(self) -> str:
        return "action_emergency_advice"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        advice = runtime().emergency_advice
        # One message: the widget shows the card once, a text-only client reads the text
        # (bot/channels/cards.py).
        dispatcher.utter_message(text=advice.text(), json_message=advice.payload())
        return []
