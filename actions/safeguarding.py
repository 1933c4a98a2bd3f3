"""Safeguarding actions: the hand-off, the check-in, and the holding reply while the chat is
handed off."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionReverted, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import metadata, send
from bot.runtime import runtime
from bot.safeguarding.detector import Finding, finding_from_dict
from bot.safeguarding.slots import CHECK_IN_SLOT, HANDOFF_SLOT, STAFF_SLOT
from bot.safeguarding.staff_messages import undelivered_staff_messages


def _finding(tracker: Tracker) -> Finding:
    """What the NLU component found; scanned again here if the message bypassed it."""
    found = finding_from_dict(tracker.latest_message.get("safeguarding"))
    if found is None:
        found = runtime().detector.scan(tracker.latest_message.get("text") or "")
    return found


class ActionSafeguardingHandoff(Action):
    def name(self) -> str:
        return "action_safeguarding_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        school, audience = runtime().asker(metadata(tracker))
        escalation_id, reply = runtime().handoff.start(
            _finding(tracker),
            conversation_id=tracker.sender_id,
            text=tracker.latest_message.get("text") or "",
            school=school,
            audience=audience,
            now=datetime.now(timezone.utc),
            review_id=tracker.get_slot(CHECK_IN_SLOT),
        )
        return [
            *send(reply, dispatcher),
            SlotSet(HANDOFF_SLOT, escalation_id),
            SlotSet(CHECK_IN_SLOT, None),
        ]


class ActionSafeguardingCheckIn(Action):
    """The detector is unsure: record a review, ask the fixed question, then let the
    assistant answer as usual.

    The action reverts itself after its messages are out (`ActionReverted`): the other
    policies then see the turn as if it had not run and answer the person's question. Its
    messages and events stay in the record, and the open check-in is kept in a slot set after
    the revert."""

    def name(self) -> str:
        return "action_safeguarding_check_in"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        school, audience = runtime().asker(metadata(tracker))
        review_id, reply = runtime().handoff.check_in(
            _finding(tracker),
            conversation_id=tracker.sender_id,
            text=tracker.latest_message.get("text") or "",
            school=school,
            audience=audience,
            now=datetime.now(timezone.utc),
        )
        return [*send(reply, dispatcher), ActionReverted(), SlotSet(CHECK_IN_SLOT, review_id)]


class ActionSafeguardingCheckInDeclined(Action):
    def name(self) -> str:
        return "action_safeguarding_check_in_declined"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = runtime().handoff.check_in_declined(
            str(tracker.get_slot(CHECK_IN_SLOT)),
            _finding(tracker),
            text=tracker.latest_message.get("text") or "",
            now=datetime.now(timezone.utc),
        )
        return send(reply, dispatcher)


class ActionHandoffHolding(Action):
    def name(self) -> str:
        return "action_handoff_holding"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        school, audience = runtime().asker(metadata(tracker))
        reply = runtime().handoff.hold(
            str(tracker.get_slot(HANDOFF_SLOT)),
            _finding(tracker),
            text=tracker.latest_message.get("text") or "",
            audience=audience,
            now=datetime.now(timezone.utc),
            staff_present=bool(tracker.get_slot(STAFF_SLOT)),
            school=school,
        )
        # socket.io pushed the staff's words as they were written; a REST client only hears
        # from us when it writes, so it gets them now.
        if tracker.get_latest_input_channel() != "socketio":
            for payload in undelivered_staff_messages(tracker.events):
                dispatcher.utter_message(json_message=payload)
        return send(reply, dispatcher)
