"""A Rasa NLU component: a message that is only a place ("B70 7PA", "we're in Tipton") is a
location, whatever the classifier guessed.

A bare postcode has almost no words for a classifier to learn from, and a wrong guess would
answer a parent's postcode with "I'm not sure I understood". This rule is exact and easy to
explain: once the postcode and town spans are removed, nothing but filler words is left.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

from bot.pipeline.intents import set_certain_intent

LOCATION_INTENT = "provide_location"
PLACE_ENTITIES = {"postcode", "town"}
# Only exact finds count: a postcode pattern or a town from the lookup table. A learnt
# extractor can tag "aaaaaaa" as a town.
TRUSTED_EXTRACTORS = {"RegexEntityExtractor"}
# Words that can stand around a place without saying anything else.
FILLER = set(
    """my our the postcode post code is its it's it is we we're were i i'm im am live living
    in at near nr around round by close to from area just pls please plz thanks thank you ta
    cheers ok okay yes yeah yep lol x xx and or here there side of""".split()
)


def only_a_place(text: str, entities: list[dict[str, Any]]) -> bool:
    spans = sorted(
        (e["start"], e["end"])
        for e in entities
        if e.get("entity") in PLACE_ENTITIES
        and e.get("extractor") in TRUSTED_EXTRACTORS
        and "start" in e
        and "end" in e
    )
    if not spans:
        return False
    rest, cursor = [], 0
    for start, end in spans:
        rest.append(text[cursor:start])
        cursor = max(cursor, end)
    rest.append(text[cursor:])
    words = re.findall(r"[a-z']+", " ".join(rest).lower())
    return all(word in FILLER for word in words)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LocationIntent(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LocationIntent:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get("text") or ""
            if only_a_place(text, message.get("entities") or []):
                set_certain_intent(message, LOCATION_INTENT)
        return messages
