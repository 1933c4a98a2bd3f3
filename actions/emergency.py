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
        dispatcher.utter_message(text=advice.text())
        dispatcher.utter_message(json_message=advice.payload())
        return []
