"""Rasa policy: safeguarding decides the next action before any other policy can.

- a new concern hands the conversation off (`action_safeguarding_handoff`);
- once handed off, every later message gets `action_handoff_holding` until staff hand the
  conversation back (the slot `handoff_escalation` is cleared);
- after either action, the bot listens.

It outranks the RulePolicy (priority 6) and predicts with confidence 1.0, so no story, rule
or classifier can send a disclosure to a directory listing or a chit-chat answer.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.safeguarding.component import CONCERN_INTENT
from bot.safeguarding.detector import default_detector
from bot.safeguarding.slots import HANDOFF_SLOT

HANDOFF_ACTION = "action_safeguarding_handoff"
HOLDING_ACTION = "action_handoff_holding"
PRIORITY = 7


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
        latest = tracker.latest_message
        action = next_action(
            tracker.latest_action_name,
            (latest.intent or {}).get("name") if latest else None,
            tracker.get_slot(HANDOFF_SLOT),
            concern=_concern(latest),
        )
        if action is not None:
            scores[domain.index_for_action(action)] = 1.0
        return self._prediction(scores)


def _concern(message: UserUttered | None) -> bool:
    """The detector's finding for the message. A message typed as "/intent{...}" skips the
    NLU pipeline (Rasa parses it by pattern), so it is scanned here instead."""
    if message is None:
        return False
    finding = message.parse_data.get("safeguarding")
    if finding is None:
        return bool(message.text) and default_detector().scan(message.text).concern
    return bool(finding.get("concern"))


def next_action(
    latest_action: str | None, intent: str | None, handoff: Any, concern: bool = False
) -> str | None:
    """The action safeguarding requires now, or None to leave the choice to other policies."""
    if latest_action in (HANDOFF_ACTION, HOLDING_ACTION):
        return ACTION_LISTEN_NAME
    if latest_action != ACTION_LISTEN_NAME:
        return None
    if handoff:
        return HOLDING_ACTION
    if concern or intent == CONCERN_INTENT:
        return HANDOFF_ACTION
    return None
