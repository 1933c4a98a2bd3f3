"""Questions for the school office: its phone, email and web page, not services."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.careers import career_turn
from actions.directory import answer_about_listed
from actions.replies import send, turn_from
from bot.runtime import runtime
from bot.school_office import office_reply


class ActionSchoolContact(Action):
    def name(self) -> str:
        return "action_school_contact"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        # "what about tuesdays" after three services reads like a school-office question.
        turn = turn_from(tracker)
        about_listed = answer_about_listed(turn)
        if about_listed is not None:
            return send(about_listed, dispatcher)
        # "the person at the front desk who checks you in, whats that called officially":
        # a job's name asked, in the school office's words.
        job = runtime().careers.job_name_asked(career_turn(tracker, turn))
        return send(job or office_reply(turn.school), dispatcher)
