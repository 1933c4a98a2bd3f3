import re

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.pipeline.location_intent import LocationIntent, only_a_place


def entities_in(text: str, *places: str) -> list[dict]:
    found = []
    for place in places:
        match = re.search(re.escape(place), text)
        assert match
        found.append(
            {
                "entity": "town",
                "start": match.start(),
                "end": match.end(),
                "value": place,
                "extractor": "RegexEntityExtractor",
            }
        )
    return found


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("B70 7PA", ["B70 7PA"]),
        ("its WS2 9PL thanks", ["WS2 9PL"]),
        ("we live in Tipton", ["Tipton"]),
        ("near Hanley pls", ["Hanley"]),
        ("Walsall", ["Walsall"]),
    ],
)
def test_a_message_that_is_only_a_place_is_a_location(text: str, places: list[str]) -> None:
    assert only_a_place(text, entities_in(text, *places))


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("camhs in Hanley", ["Hanley"]),
        ("food bank near B70 7PA", ["B70 7PA"]),
        ("is there an asthma nurse in Walsall", ["Walsall"]),
        ("no place here", []),
    ],
)
def test_a_place_with_a_question_is_left_to_the_classifier(text: str, places: list[str]) -> None:
    assert not only_a_place(text, entities_in(text, *places))


def test_the_component_sets_the_intent_and_leaves_other_messages_alone() -> None:
    place = Message(data={"text": "ST4 3RT", "intent": {"name": "greet", "confidence": 0.3}})
    place.set("entities", entities_in("ST4 3RT", "ST4 3RT"))
    question = Message(
        data={"text": "asthma help", "intent": {"name": "asthma", "confidence": 0.9}}
    )
    LocationIntent().process([place, question])
    assert place.get("intent") == {"name": "provide_location", "confidence": 1.0}
    assert place.get("intent_ranking")[0]["name"] == "provide_location"
    assert question.get("intent")["name"] == "asthma"


def test_a_place_guessed_by_a_learnt_extractor_does_not_count() -> None:
    guessed = [
        {
            "entity": "town",
            "start": 0,
            "end": 9,
            "value": "aaaaaaaaa",
            "extractor": "DIETClassifier",
        }
    ]
    assert not only_a_place("aaaaaaaaa", guessed)
