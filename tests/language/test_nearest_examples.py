"""A message the intent classifier was unsure of takes the intent of the nearest training
examples in meaning, only when most of them agree on what the message is about."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.pipeline.featurizer import SentenceEncoderFeaturizer
from bot.pipeline.nearest_examples import NearestExamples, nearest_intent

CONFIG = NearestExamples.get_default_config()
EXAMPLES = {
    "asthma": [
        "my son needs a new inhaler",
        "how do we use the spacer with his puffer",
        "is there an asthma clinic for children near us",
        "her wheeze is worse in cold weather, who can check her asthma",
    ],
    "school_admin": [
        "how do i report my daughter off sick today",
        "when are the term dates for next year",
        "how do i pay for the school trip",
    ],
    "more": ["more", "show me more", "any others"],
}


def _featurised(texts: list[str], intents: list[str | None]) -> list[Message]:
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    messages = [
        Message(data={TEXT: text, **({INTENT: intent} if intent else {})})
        for text, intent in zip(texts, intents, strict=True)
    ]
    featurizer = SentenceEncoderFeaturizer.create(
        SentenceEncoderFeaturizer.get_default_config(),
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        ExecutionContext(GraphSchema({}), node_name="encoder"),
    )
    return featurizer.process(tokenizer.process(messages))


def _trained(tmp_path: Path) -> tuple[NearestExamples, LocalModelStorage, Resource]:
    texts = [text for lines in EXAMPLES.values() for text in lines]
    intents = [intent for intent, lines in EXAMPLES.items() for _ in lines]
    storage = LocalModelStorage(tmp_path)
    resource = Resource("nearest_examples")
    context = ExecutionContext(GraphSchema({}), node_name="nearest_examples")
    component = NearestExamples.create(CONFIG, storage, resource, context)
    component.train(TrainingData(training_examples=_featurised(texts, intents)))
    return component, storage, resource


def _unsure(text: str, guess: str = "more") -> Message:
    (message,) = _featurised([text], [None])
    message.set(INTENT, {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 0.5})
    message.set(
        INTENT_RANKING_KEY,
        [{"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 0.5},
         {"name": guess, "confidence": 0.2}],
    )  # fmt: skip
    return message


def test_an_unsure_message_takes_the_intent_its_nearest_examples_agree_on(
    tmp_path: Path,
) -> None:
    component, _, _ = _trained(tmp_path)
    text = "how many puffs of his inhaler should my grandson have through the spacer"
    (message,) = component.process([_unsure(text)])
    assert message.get(INTENT)["name"] == "asthma"
    assert message.get(INTENT_RANKING_KEY)[0] == message.get(INTENT)
    assert 0.6 <= message.get(INTENT)["confidence"] <= 1.0


def test_it_survives_being_saved_and_loaded(tmp_path: Path) -> None:
    _, storage, resource = _trained(tmp_path)
    context = ExecutionContext(GraphSchema({}), node_name="nearest_examples")
    loaded = NearestExamples.load(CONFIG, storage, resource, context)
    (message,) = loaded.process([_unsure("what time do i pay for the trip to the zoo by")])
    assert message.get(INTENT)["name"] == "school_admin"


def test_a_sure_message_is_never_changed(tmp_path: Path) -> None:
    component, _, _ = _trained(tmp_path)
    (message,) = _featurised(["my son needs a new inhaler"], [None])
    message.set(INTENT, {"name": "debt", "confidence": 0.9})
    component.process([message])
    assert message.get(INTENT)["name"] == "debt"


def test_the_fallback_stands_when_the_nearest_disagree_or_are_far(tmp_path: Path) -> None:
    component, _, _ = _trained(tmp_path)
    (far,) = component.process([_unsure("what is the capital of peru")])
    assert far.get(INTENT)["name"] == DEFAULT_NLU_FALLBACK_INTENT_NAME
    labels = np.array(["asthma", "debt", "asthma", "debt", "careers"])
    assert nearest_intent(np.array([0.9, 0.8, 0.7, 0.6, 0.5]), labels, CONFIG) is None


def test_only_intents_about_what_a_message_says_are_chosen() -> None:
    labels = np.array(["more", "more", "more", "asthma", "asthma"])
    assert nearest_intent(np.array([0.9, 0.8, 0.7, 0.6, 0.5]), labels, CONFIG) is None
    labels = np.array(["asthma", "asthma", "more", "asthma", "debt"])
    assert nearest_intent(np.array([0.9, 0.8, 0.7, 0.6, 0.5]), labels, CONFIG) == ("asthma", 0.6)


def test_trained_on_nothing_it_leaves_the_fallback(tmp_path: Path) -> None:
    context = ExecutionContext(GraphSchema({}), node_name="nearest_examples")
    component = NearestExamples.create(
        CONFIG, LocalModelStorage(tmp_path), Resource("nearest_examples"), context
    )
    (message,) = component.process([_unsure("where is the asthma clinic")])
    assert message.get(INTENT)["name"] == DEFAULT_NLU_FALLBACK_INTENT_NAME
