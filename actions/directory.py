"""Actions that answer from the service directory."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.careers import career_turn
from actions.replies import send, turn_from
from bot.careers.conversation import CARE_TOPICS, ROLE_SLOT
from bot.directory.conversation import Turn, topic_buttons
from bot.replies import Reply
from bot.runtime import runtime


class ActionSearchServices(Action):
    """A topic question, a postcode or a town: national and local services at once; but a
    message that asks what a job is called ("she helped with his anxiety, what is her job
    called?") or about the job in its story ("is that a real NHS job?") gets the roles it
    describes."""

    def name(self) -> str:
        return "action_search_services"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn = turn_from(tracker)
        reply = runtime().careers.job_name_asked(career_turn(tracker, turn))
        if reply is None:
            reply = runtime().directory.answer(turn, datetime.now(timezone.utc))
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
            return send(runtime().careers.more_like(career_turn(tracker, turn)), dispatcher)
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
        turn, now = turn_from(tracker), datetime.now(timezone.utc)
        directory = runtime().directory
        if directory.asks_about_something_else(turn, now):
            # Nothing listed yet: a service named ("is Kooth free?") is answered, else the
            # question is about something we don't do ("how much is an MOT").
            named = directory.answer_if_named(turn, now)
            if named is None:
                dispatcher.utter_message(response="utter_out_of_scope")
                return []
            return send(named, dispatcher)
        return send(directory.about_shown(turn, now), dispatcher)


def answer_about_listed(turn: Turn) -> Reply | None:
    """The answer about the services just listed when the message is really about them, or
    about services it names ("whats stepchanges number")."""
    return runtime().directory.answer_if_asked_about(turn, datetime.now(timezone.utc))


class ActionNotUnderstood(Action):
    """A message the NLU could not place: about the list, a job described without its name
    (long descriptions of what someone did often fit no intent), the honest no when the NLU's
    best guess was out of scope, or the topics to choose from."""

    def name(self) -> str:
        return "action_not_understood"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn = turn_from(tracker)
        reply = answer_about_listed(turn)
        if reply is None and (reply := runtime().careers.described_job(career_turn(tracker, turn))):
            # The message may not be about a job at all ("the nurse showed us his spacer"):
            # the topics stay one tap away.
            reply.say("If you meant something else, is it one of these?", topic_buttons())
        if reply is not None:
            return send(reply, dispatcher)
        # Unsure, but its best guess was "not something we do" ("is my boss allowed to change
        # the rota at a day's notice"), or it asks an NHS worker's care and no topic of ours
        # was its guess ("the physio wait is 18 weeks, can we be seen sooner?"): the honest no,
        # with the topics, beats "I'm not sure I understood". A disclosure never gets here
        # (the detector outranks every intent).
        guess = best_guess(tracker)
        honest_no = guess == "out_of_scope" or (
            guess not in CARE_TOPICS and runtime().careers.care_asked_of_a_worker(turn.text)
        )
        dispatcher.utter_message(
            response="utter_out_of_scope" if honest_no else "utter_fallback_topics"
        )
        return []


def best_guess(tracker: Tracker) -> str | None:
    """The intent the NLU ranked first under its fallback: what it would have said."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    guesses = [i.get("name") for i in ranking if isinstance(i, dict)]
    return next((name for name in guesses if name != "nlu_fallback"), None)


class ActionOutOfScope(Action):
    """A message the NLU took for something we don't do: about the list ("weekend?" after
    three services), a job described by what someone did ("this woman gave me exercises
    till my knee was better, i wanna do that"), or the honest "not something I can help
    with"."""

    def name(self) -> str:
        return "action_out_of_scope"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn = turn_from(tracker)
        reply = answer_about_listed(turn) or runtime().careers.described_job(
            career_turn(tracker, turn), at_work_only=True
        )
        if reply is not None:
            return send(reply, dispatcher)
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
