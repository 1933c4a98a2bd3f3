"""Actions run with rasa_sdk's own Tracker and CollectingDispatcher, against a real SQLite file."""

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.directory import (
    ActionAboutServices,
    ActionMoreServices,
    ActionOutOfScope,
    ActionSearchServices,
)
from actions.emergency import ActionEmergencyAdvice
from bot.runtime import runtime


@pytest.fixture(autouse=True)
def directory_env(monkeypatch, tmp_path_factory, closed_port_url, seeded_sqlite) -> None:
    url = str(seeded_sqlite.kw["bind"].url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("POSTCODES_IO_URL", closed_port_url)
    runtime.cache_clear()  # the actions' runtime reads these settings afresh
    yield
    runtime.cache_clear()


def tracker(
    text: str,
    intent: str,
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    return Tracker(
        sender_id="parent-1",
        slots=slots or {},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.97},
            "entities": entities or [],
            "metadata": metadata or {},
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, tracker_: Tracker) -> tuple[list[dict], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker_, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return dispatcher.messages, slots


def custom(messages: list[dict]) -> list[dict]:
    return [m["custom"] for m in messages if m.get("custom")]


def test_topic_question_sends_text_and_the_services_payload() -> None:
    messages, slots = run(
        ActionSearchServices(), tracker("we cant afford the gas bill", "debt", {"topic": "debt"})
    )
    assert any("money worries" in (m.get("text") or "") for m in messages)
    [payload] = custom(messages)
    assert payload["type"] == "services" and payload["topic"] == "debt"
    assert {"id", "name", "phone", "url", "distance_km", "open_now"} <= set(payload["services"][0])
    assert slots["services_shown"] == {
        "topic": "debt",
        "ids": [s["id"] for s in payload["services"]],
        "needs": ["energy_bills"],  # no national service is marked with it: the usual order
        "last": [s["id"] for s in payload["services"]],  # what "them" means in a follow-up
    }


def test_postcode_entity_is_used_and_stored() -> None:
    messages, slots = run(
        ActionSearchServices(),
        tracker(
            "b70 7pg",
            "provide_location",
            {"topic": "asthma"},
            entities=[{"entity": "postcode", "value": "b70 7pg", "start": 0, "end": 7}],
        ),
    )
    assert slots["postcode"] == "B70 7PG"
    assert slots["location_label"] == "B70 7PG"
    local = [s for s in custom(messages)[0]["services"] if s["distance_km"] is not None]
    assert local


def test_school_from_metadata_and_age_slot_shape_the_answer() -> None:
    messages, _ = run(
        ActionSearchServices(),
        tracker(
            "counselling for my daughter",
            "mental_health",
            {"topic": "mental_health", "age": "9", "who_for": "child"},
            metadata={"school": "palfrey-park-primary", "audience": "parent"},
        ),
    )
    services = custom(messages)[0]["services"]
    assert any(s["distance_km"] is not None for s in services), "near the school"


def test_more_continues_from_the_slots() -> None:
    slots = {
        "topic": "debt",
        "location_label": "Walsall",
        "location_lat": 52.586,
        "location_lon": -1.982,
    }
    first, first_slots = run(ActionSearchServices(), tracker("debt advice", "debt", slots))
    messages, new_slots = run(
        ActionMoreServices(), tracker("more", "more", {**slots, **first_slots})
    )
    page = [s["id"] for s in custom(messages)[0]["services"]]
    assert page and not set(page) & set(first_slots["services_shown"]["ids"])
    assert new_slots["services_shown"]["ids"] == first_slots["services_shown"]["ids"] + page


def test_a_follow_up_is_about_the_services_the_slot_says_were_last_shown() -> None:
    slots = {"topic": "debt", "location_label": "Walsall", "location_lat": 52.586,
             "location_lon": -1.982}  # fmt: skip
    first, first_slots = run(ActionSearchServices(), tracker("debt advice", "debt", slots))
    shown = custom(first)[0]["services"]
    messages, new_slots = run(
        ActionAboutServices(),
        tracker("which one is closest", "ask_about_services", {**slots, **first_slots}),
    )
    (answer,) = messages
    assert answer["text"].startswith("Nearest: ")
    assert all(s["name"] in answer["text"] for s in shown if s["distance_km"] is not None)
    assert new_slots == {}  # a question about them changes nothing remembered


def test_out_of_scope_after_a_list_is_about_it_only_when_it_says_only_a_detail() -> None:
    slots = {"topic": "debt", "location_label": "Walsall", "location_lat": 52.586,
             "location_lon": -1.982}  # fmt: skip
    _, first_slots = run(ActionSearchServices(), tracker("debt advice", "debt", slots))
    listed = {**slots, **first_slots}
    # "sunday??", which the NLU took for out of scope: each listed service on Sundays.
    (answer,), _ = run(ActionOutOfScope(), tracker("sunday??", "out_of_scope", listed))
    assert "Sunday" in answer["text"] and "Sorry" not in answer["text"]
    # A question with a subject of its own stays out of scope.
    (answer,), _ = run(
        ActionOutOfScope(), tracker("what does a flight to spain cost", "out_of_scope", listed)
    )
    assert answer["response"] == "utter_out_of_scope"


def test_a_question_about_services_with_none_listed_is_answered_honestly() -> None:
    # Nothing listed: a question with a subject of its own is one we don't answer...
    (answer,), _ = run(
        ActionAboutServices(), tracker("how much is an MOT roughly", "ask_about_services")
    )
    assert answer["response"] == "utter_out_of_scope"
    # ...and one that only asks a detail is told that nothing has been listed yet.
    (answer,), _ = run(ActionAboutServices(), tracker("is it free?", "ask_about_services"))
    assert "haven't listed any services" in answer["text"]


def test_emergency_sends_999_advice_first() -> None:
    dispatcher = CollectingDispatcher()
    events = ActionEmergencyAdvice().run(dispatcher, tracker("he cant breathe", "emergency"), {})
    assert events == []
    assert (
        dispatcher.messages[0]["text"].lstrip().lower().startswith("call 999")
        or "999" in (dispatcher.messages[0]["text"].split("\n")[0])
    )
    # The card goes with its text, as one message: the widget shows the advice once.
    assert dispatcher.messages[0]["custom"]["type"] == "emergency"


def test_a_service_named_with_none_listed_is_answered_about() -> None:
    # Nothing listed, a subject of its own, but a service the directory holds: its answer.
    messages, slots = run(
        ActionAboutServices(), tracker("whats stepchanges phone number", "ask_about_services")
    )
    assert messages[0]["text"].startswith("StepChange: call ")
    assert slots["services_shown"]["last"] == ["stepchange"]
    # Taken for out of scope: the same.
    (answer, card), _ = run(ActionOutOfScope(), tracker("is Kooth free?", "out_of_scope"))
    assert answer["text"] == "Kooth: free." and card["custom"]["services"][0]["id"] == "kooth"
