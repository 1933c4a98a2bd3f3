"""Rasa NLU component: the safeguarding detector runs on every user message, last in the
pipeline, so no classifier before it can outvote it. A concern sets the intent
`safeguarding_concern` with confidence 1.0 and adds what was found under `safeguarding`.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import set_certain_intent
from bot.safeguarding.detector import Detector, default_detector

CONCERN_INTENT = "safeguarding_concern"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafeguardingDetector(GraphComponent):
    def __init__(self, detector: Detector) -> None:
        self._detector = detector

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafeguardingDetector:
        # The detector is read from data/ when the server starts, so a DSL's change to the
        # lexicon takes effect on restart without retraining the model.
        return cls(default_detector())

    def process(self, messages: list[Message]) -> list[Message]:
        texts = [message.get("text") or "" for message in messages]
        for message, finding in zip(messages, self._detector.scan_many(texts), strict=True):
            message.set("safeguarding", finding.as_dict(), add_to_output=True)
            if finding.concern:
                set_certain_intent(message, CONCERN_INTENT)
        return messages
