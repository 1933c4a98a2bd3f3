"""Questions for the school office: its phone, email and web page, not services."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.directory import answer_about_listed
from actions.replies import metadata, send
from bot.runtime import runtime
from bot.school_office import office_reply


class ActionSchoolContact(Action):
    def name(self) -> str:
        return "action_school_contact"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        # "what about tuesdays" after three services reads like a school-office question.
        about_listed = answer_about_listed(tracker)
        if about_listed is not None:
            return send(about_listed, dispatcher)
        school = runtime().schools.get(str(metadata(tracker).get("school", "")))
        return send(office_reply(school), dispatcher)
