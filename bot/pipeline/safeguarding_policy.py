"""Rasa policy: safeguarding decides the next action before any other policy can.

- a message the detector is sure about hands the conversation off
  (`action_safeguarding_handoff`);
- a message it is unsure about gets the check-in (`action_safeguarding_check_in`): a fixed
  question with the 24-hour contacts, and a review for staff; then the other policies answer
  the question as usual (the check-in action reverts itself, so to them the turn looks as if
  it had not run);
- once a check-in is open, a yes to it or any further sign of risk hands off, and a no gets a
  short fixed reply (`action_safeguarding_check_in_declined`): the review stays for staff;
- once handed off, every later message gets `action_handoff_holding` until staff hand the
  conversation back (the slot `handoff_escalation` is cleared);
- after its own actions, the bot listens.

It outranks the RulePolicy (priority 6) and predicts with confidence 1.0, so no story, rule
or classifier can send a disclosure to a directory listing or a chit-chat answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.pipeline.safeguarding_detector import CONCERN_INTENT
from bot.runtime import runtime
from bot.safeguarding.check_in import YES
from bot.safeguarding.classifier import Level
from bot.safeguarding.slots import CHECK_IN_SLOT, HANDOFF_SLOT

HANDOFF_ACTION = "action_safeguarding_handoff"
HOLDING_ACTION = "action_handoff_holding"
CHECK_IN_ACTION = "action_safeguarding_check_in"
DECLINED_ACTION = "action_safeguarding_check_in_declined"
PRIORITY = 7


@dataclass(frozen=True)
class Turn:
    """What safeguarding needs to know about the conversation at this point."""

    latest_action: str | None
    intent: str | None = None
    level: Level | None = None  # the detector's finding on the latest message
    handoff: bool = False  # the conversation is with the safeguarding team
    review: bool = False  # a check-in is open: its review escalation waits for staff
    checked_in_now: bool = False  # the check-in has run for the latest message
    answer: str | None = None  # YES or NO when the latest message answers the check-in


def next_action(turn: Turn) -> str | None:
    """The action safeguarding requires now, or None to leave the choice to other policies."""
    if turn.latest_action in (HANDOFF_ACTION, HOLDING_ACTION, DECLINED_ACTION):
        return ACTION_LISTEN_NAME
    if turn.latest_action != ACTION_LISTEN_NAME:
        return None
    if turn.handoff:
        return HOLDING_ACTION
    if turn.checked_in_now:
        return None  # the question is asked; now the usual answer to what they wrote
    if turn.level == Level.HANDOFF or turn.intent == CONCERN_INTENT:
        return HANDOFF_ACTION
    if turn.review and (turn.level == Level.CHECK_IN or turn.answer == YES):
        return HANDOFF_ACTION  # two signs in one conversation, or a yes, is enough
    if turn.level == Level.CHECK_IN:
        return CHECK_IN_ACTION
    if turn.review and turn.answer is not None:
        return DECLINED_ACTION
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class SafeguardingPolicy(Policy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": PRIORITY}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SafeguardingPolicy:
        return cls(config, model_storage, resource, execution_context)

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource  # nothing to learn: these are fixed rules

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        scores = self._default_predictions(domain)
        action = next_action(turn_of(tracker))
        if action is not None:
            scores[domain.index_for_action(action)] = 1.0
        return self._prediction(scores)


def turn_of(tracker: DialogueStateTracker) -> Turn:
    latest = tracker.latest_message
    since_user, before_user = _actions_around_latest_message(tracker)
    review = bool(tracker.get_slot(CHECK_IN_SLOT))
    answer = None
    if review and latest is not None and CHECK_IN_ACTION in before_user:
        answer = runtime().check_in_text.answer(latest.text or "")
    return Turn(
        latest_action=tracker.latest_action_name,
        intent=(latest.intent or {}).get("name") if latest else None,
        level=_level(latest),
        handoff=bool(tracker.get_slot(HANDOFF_SLOT)),
        review=review,
        checked_in_now=CHECK_IN_ACTION in since_user,
        answer=answer,
    )


def _actions_around_latest_message(tracker: DialogueStateTracker) -> tuple[set[str], set[str]]:
    """The actions run since the latest user message, and in the turn before it.

    Read from every event, reverted ones included: the check-in reverts itself."""
    since, before, seen_user = set(), set(), 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            seen_user += 1
            if seen_user == 2:
                break
        elif isinstance(event, ActionExecuted) and event.action_name:
            (since if seen_user == 0 else before).add(event.action_name)
    return since, before


def _level(message: UserUttered | None) -> Level | None:
    """The detector's finding for the message. A message typed as "/intent{...}" skips the
    NLU pipeline (Rasa parses it by pattern), so it is scanned here instead."""
    if message is None:
        return None
    finding = message.parse_data.get("safeguarding")
    if finding is None:
        return runtime().detector.scan(message.text).level if message.text else None
    if finding.get("level"):
        return Level(finding["level"])
    return Level.HANDOFF if finding.get("concern") else None
