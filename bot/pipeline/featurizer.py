"""Rasa NLU component: the shared sentence encoder's vectors as dense features.

Each message gets the sentence vector (and, if asked, each of its tokens the mean of its word
pieces' vectors), computed once. DIET reads them beside the sparse n-grams, and the
safeguarding component reads the same sentence vector (`sentence_vector`) rather than
encoding again.

If the encoder fails while the assistant runs, the message still goes on through the
pipeline, with zeros where the vector would be (so DIET can still guess an intent), marked so
that the safeguarding detector knows there is no vector: it then tries once more itself, and
if that fails too, its lexicon decides alone. The failure is logged loudly, without the text.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.encoder import DIMENSION, PieceVectors
from bot.runtime import runtime

log = logging.getLogger(__name__)

# The name the features carry, so the safeguarding component can find this vector.
ORIGIN = "sentence_encoder"
# Set on a message whose vector could not be computed (its features are zeros).
FAILED = "sentence_encoder_failed"


def token_vectors(tokens: list[Token], pieces: PieceVectors) -> np.ndarray:
    """Each token's vector: the mean of the word pieces inside it (zeros past the model's
    256-piece limit, where the text was cut)."""
    vectors = np.zeros((len(tokens), DIMENSION), dtype=np.float32)
    first = 0  # tokens and pieces both run left to right: one pass over each
    for n, token in enumerate(tokens):
        while first < len(pieces.spans) and pieces.spans[first][1] <= token.start:
            first += 1
        last = first
        while last < len(pieces.spans) and pieces.spans[last][0] < token.end:
            last += 1
        if last > first:
            vectors[n] = pieces.vectors[first:last].mean(axis=0)
    return vectors


def sentence_vector(message: Message) -> np.ndarray | None:
    """The sentence vector this component put on the message, if it ran and succeeded."""
    if message.get(FAILED):
        return None
    for features in message.features:
        if (
            features.origin == ORIGIN
            and features.type == FEATURE_TYPE_SENTENCE
            and features.attribute == TEXT
        ):
            return np.asarray(features.features, dtype=np.float32).reshape(-1)
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Token vectors too ("sequence") made each DIET epoch about ten times slower here.
        return {**DenseFeaturizer.get_default_config(), "alias": ORIGIN, "sequence": False}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if config.get("alias") != ORIGIN:
            raise ValueError(f"the sentence encoder's alias must stay {ORIGIN!r}")

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEncoderFeaturizer:
        return cls(execution_context.node_name, config)

    def _featurize(self, messages: list[Message], *, empty_too: bool = False) -> None:
        # Only the user's text: intents and actions are labels, which DIET featurizes itself.
        # At run time an empty message gets its vector too: DIET, trained on messages that
        # all had one, cannot read a message without it.
        if empty_too:
            messages = [m for m in messages if isinstance(m.get(TEXT), str)]
        else:
            messages = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        if not messages:
            return
        try:
            sentences, pieces = runtime().encoder.encode_with_pieces(
                [m.get(TEXT) for m in messages]
            )
        except Exception as error:  # noqa: BLE001 (no message may be lost to it)
            log.error(
                "SENTENCE ENCODER FAILED (%s) on %d message(s): zeros instead",
                type(error).__name__, len(messages),
            )  # fmt: skip
            sentences = np.zeros((len(messages), DIMENSION), dtype=np.float32)
            pieces = [PieceVectors(np.zeros((0, DIMENSION)), []) for _ in messages]
            for message in messages:
                message.set(FAILED, True)
        for message, sentence, own_pieces in zip(messages, sentences, pieces, strict=True):
            self.add_features_to_message(
                sequence=token_vectors(message.get(TOKENS_NAMES[TEXT]) or [], own_pieces)
                if self._config["sequence"]
                else None,
                sentence=sentence.reshape(1, -1),
                attribute=TEXT,
                message=message,
            )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages, empty_too=True)
        return messages
