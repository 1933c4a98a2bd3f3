"""A Rasa NLU component: a message the intent classifier was unsure of takes the intent of
the training examples nearest to it in meaning, when most of them agree.

DIET reads word and character n-grams beside the sentence vector, so a long message in
words unlike any example ("his mum's given me his pump but I've no idea how many puffs he
should have if he gets wheezy") can fall under the fallback threshold although the examples
nearest in meaning are all about one thing. Then the five examples whose sentence vectors
(the shared encoder's, already on the message) are closest decide: three or more of one
intent that says what a message is about (a topic, careers, the school office, an
emergency, or "not something we do"), the nearest at least 0.5 alike. Otherwise the
fallback stands and the assistant says it did not understand.

It runs after the FallbackClassifier and before the safeguarding detector, which outranks
every intent: a disclosure never depends on this.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.encoder import DIMENSION
from bot.pipeline.featurizer import SentenceEncoderFeaturizer, sentence_vector

VECTORS_FILE = "nearest_examples.npz"
# Intents that say what a message is about. The conversational ones ("more", "thanks", a
# question about the list) are about its form, which the n-grams read better than meaning.
ABOUT_INTENTS = (
    "asthma",
    "debt",
    "mental_health",
    "careers",
    "school_admin",
    "emergency",
    "out_of_scope",
)


def nearest_intent(
    similarities: np.ndarray, labels: np.ndarray, config: dict[str, Any]
) -> tuple[str, float] | None:
    """The intent most of the nearest examples share, and their share, if they agree
    enough and the nearest is close enough; else None."""
    if similarities.size == 0:  # trained on nothing
        return None
    nearest = np.argsort(-similarities)[: config["neighbours"]]
    if float(similarities[nearest[0]]) < config["min_similarity"]:
        return None
    intent, votes = Counter(labels[nearest].tolist()).most_common(1)[0]
    if votes < config["agreeing"] or intent not in config["intents"]:
        return None
    return str(intent), votes / len(nearest)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class NearestExamples(GraphComponent):
    @classmethod
    def required_components(cls) -> list[type]:
        return [SentenceEncoderFeaturizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Chosen on development sets (a helper's 220 questions and the first held-out set,
        # whose misses had been read), never on the later held-out sets.
        return {"neighbours": 5, "agreeing": 3, "min_similarity": 0.5, "intents": ABOUT_INTENTS}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vectors: np.ndarray | None = None,
        labels: np.ndarray | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        empty = np.zeros((0, DIMENSION), dtype=np.float32)
        self._vectors = vectors if vectors is not None else empty
        self._labels = labels if labels is not None else np.array([], dtype=str)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NearestExamples:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        pairs = [
            (vector, example.get(INTENT))
            for example in training_data.intent_examples
            if (vector := sentence_vector(example)) is not None
        ]
        if pairs:
            self._vectors = np.stack([vector for vector, _ in pairs]).astype(np.float32)
            self._labels = np.array([intent for _, intent in pairs])
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(directory / VECTORS_FILE, vectors=self._vectors, labels=self._labels)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> NearestExamples:
        with (
            model_storage.read_from(resource) as directory,
            np.load(directory / VECTORS_FILE) as stored,
        ):
            return cls(config, model_storage, resource, stored["vectors"], stored["labels"])

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            vector = sentence_vector(message)
            if intent.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME or vector is None:
                continue
            found = nearest_intent(self._vectors @ vector, self._labels, self._config)
            if found is None:
                continue
            name, share = found
            chosen = {"name": name, "confidence": share}
            ranking = message.get(INTENT_RANKING_KEY) or []
            others = [r for r in ranking if r.get("name") != name]
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen, *others], add_to_output=True)
        return messages
