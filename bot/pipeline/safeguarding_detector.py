"""Rasa NLU component: the safeguarding detector runs on every user message, last in the
pipeline, so no classifier before it can outvote it. A concern it is sure of sets the intent
`safeguarding_concern` with confidence 1.0; every finding (with its level: hand-off or
check-in) goes under `safeguarding`, where the SafeguardingPolicy reads it.

It reads the sentence vector the shared encoder's featurizer already put on the message, so
the encoder runs once a message.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

from bot.pipeline.featurizer import sentence_vector
from bot.pipeline.intents import set_certain_intent
from bot.runtime import runtime
from bot.safeguarding import turn_findings
from bot.safeguarding.detector import Detector

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
        return cls(runtime().detector)

    def process(self, messages: list[Message]) -> list[Message]:
        texts = [message.get("text") or "" for message in messages]
        found = [sentence_vector(message) for message in messages]
        vectors = np.stack(found) if found and all(v is not None for v in found) else None
        for message, finding in zip(
            messages, self._detector.scan_many(texts, vectors), strict=True
        ):
            message.set("safeguarding", finding.as_dict(), add_to_output=True)
            turn_findings.remember(message.get("message_id"), finding)
            if finding.concern:
                set_certain_intent(message, CONCERN_INTENT)
        return messages
