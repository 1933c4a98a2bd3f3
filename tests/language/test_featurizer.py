"""The Rasa featurizer puts the shared encoder's vectors on each message, computed once."""

from __future__ import annotations

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.encoder import PieceVectors
from bot.pipeline.featurizer import (
    ORIGIN,
    SentenceEncoderFeaturizer,
    sentence_vector,
    token_vectors,
)
from bot.runtime import runtime


def _featurizer(**config: object) -> SentenceEncoderFeaturizer:
    context = ExecutionContext(GraphSchema({}), node_name="encoder")
    full = {**SentenceEncoderFeaturizer.get_default_config(), **config}
    return SentenceEncoderFeaturizer.create(full, None, None, context)  # type: ignore[arg-type]


def _tokenised(*texts: str) -> list[Message]:
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    messages = [Message(data={TEXT: text}) for text in texts]
    return tokenizer.process(messages)


def test_each_message_gets_its_sentence_vector() -> None:
    texts = ["my son needs a new inhaler", "we can't afford the school trip"]
    messages = _featurizer().process(_tokenised(*texts))
    expected = runtime().encoder.encode(texts)
    for message, vector in zip(messages, expected, strict=True):
        assert np.allclose(sentence_vector(message), vector, atol=1e-6)
        kinds = {(f.type, f.origin) for f in message.features}
        assert kinds == {(FEATURE_TYPE_SENTENCE, ORIGIN)}


def test_training_data_is_featurized_in_one_go() -> None:
    data = TrainingData(training_examples=_tokenised("hello", "where is the food bank"))
    _featurizer().process_training_data(data)
    assert all(sentence_vector(m) is not None for m in data.training_examples)


def test_token_vectors_when_asked_for() -> None:
    (message,) = _featurizer(sequence=True).process(_tokenised("asthma nurse near Walsall"))
    sequence = [f for f in message.features if f.type == FEATURE_TYPE_SEQUENCE]
    assert sequence[0].features.shape == (len(message.get(TOKENS_NAMES[TEXT])), 384)


def test_an_empty_message_gets_a_vector_and_a_label_none() -> None:
    # DIET, trained on messages that all had a vector, cannot read one without it.
    empty, label = _featurizer().process([Message(data={TEXT: ""}), Message(data={"intent": "x"})])
    vector = sentence_vector(empty)
    assert vector is not None and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3
    assert sentence_vector(label) is None


def test_a_token_is_the_mean_of_the_word_pieces_inside_it() -> None:
    pieces = PieceVectors(
        vectors=np.array([[1.0] * 384, [3.0] * 384, [5.0] * 384], dtype=np.float32),
        spans=[(0, 3), (3, 5), (6, 9)],  # "inhal" "er" | "now"
    )
    tokens = [Token("inhaler", 0, end=5), Token("now", 6, end=9), Token("later", 10, end=15)]
    vectors = token_vectors(tokens, pieces)
    assert vectors[0][0] == 2.0 and vectors[1][0] == 5.0
    assert not vectors[2].any()  # past the model's limit: zeros


class _BrokenEncoder:
    """Fault injection: an encoder that fails as a corrupted TensorFlow runtime would."""

    def encode_with_pieces(self, texts: list[str]) -> None:
        raise RuntimeError("the graph could not run")


def test_an_encoder_failure_keeps_the_message_going_and_says_so(monkeypatch, caplog) -> None:
    monkeypatch.setattr(runtime(), "encoder", _BrokenEncoder())
    (message,) = _featurizer().process(_tokenised("zqxjk my dad hits me"))
    assert sentence_vector(message) is None  # the detector will not trust a vector of zeros
    [features] = [f for f in message.features if f.origin == ORIGIN]
    assert features.features.shape == (1, 384) and not features.features.any()
    assert "SENTENCE ENCODER FAILED" in caplog.text and "zqxjk" not in caplog.text
