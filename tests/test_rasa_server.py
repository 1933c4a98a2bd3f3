"""The Rasa server's two speed-ups of Rasa's own code, each giving what Rasa's gives: the
check of the action server's replies, with the schema compiled once (the same verdicts and
the same error), and the stored events' classes found in a table (the same classes)."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_server import check_action_replies_once_compiled, find_event_classes_by_name

SERVICES_REPLY = {
    "events": [
        {"event": "slot", "timestamp": None, "name": "services_shown",
         "value": {"topic": "asthma", "ids": ["a"], "needs": [], "last": ["a"]}},
    ],
    "responses": [
        {"text": "Near WS1 1TP:", "custom": {"type": "services", "services": [{"id": "a"}]}},
    ],
}  # fmt: skip
BROKEN_REPLIES = [
    {"events": "not a list", "responses": []},
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": [], "responses": ["a reply must be an object"]},
]


@pytest.fixture
def action(monkeypatch: pytest.MonkeyPatch) -> RemoteAction:
    # Put Rasa's own method back after the test, whatever the test did to it.
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", RemoteAction._validate_action_result
    )
    check_action_replies_once_compiled()
    return RemoteAction("action_search_services", EndpointConfig("http://127.0.0.1:9"))


def _schema() -> dict[str, Any]:
    return RemoteAction.action_response_format_spec()


def test_a_valid_reply_passes_as_with_rasas_check(action: RemoteAction) -> None:
    validate(SERVICES_REPLY, _schema())
    assert action._validate_action_result(SERVICES_REPLY) is True
    assert action._validate_action_result({"events": [], "responses": []}) is True


@pytest.mark.parametrize("reply", BROKEN_REPLIES)
def test_a_broken_reply_fails_with_rasas_words(action: RemoteAction, reply: dict) -> None:
    with pytest.raises(ValidationError):
        validate(reply, _schema())
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(reply)


def test_installing_it_twice_wraps_rasas_check_once(action: RemoteAction) -> None:
    installed = RemoteAction._validate_action_result
    check_action_replies_once_compiled()
    assert RemoteAction._validate_action_result is installed


@pytest.fixture
def rasas_resolve(monkeypatch: pytest.MonkeyPatch) -> object:
    """Rasa's own method, put back after the test; the table installed in its place."""
    rasas = Event.resolve_by_type
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(rasas))
    find_event_classes_by_name()
    return rasas


def test_every_event_name_finds_the_class_rasa_finds(rasas_resolve) -> None:
    names = {event_class.type_name for event_class in all_subclasses(Event)}
    assert len(names) > 20
    for _ in range(2):  # found, then read from the table
        for name in names:
            assert Event.resolve_by_type(name) is rasas_resolve(name), name


def test_names_without_a_class_go_to_rasas_method(rasas_resolve) -> None:
    assert Event.resolve_by_type("topic") is None  # Rasa's old topic events
    assert Event.resolve_by_type("no_such_event", UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")


def test_a_stored_conversation_reads_back_as_with_rasas_method(rasas_resolve) -> None:
    stored = [
        {"event": "action", "name": "action_session_start", "timestamp": 1.0},
        {"event": "session_started", "timestamp": 1.1},
        {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet"}},
         "timestamp": 2.0},
        {"event": "slot", "name": "audience", "value": "parent", "timestamp": 2.1},
        {"event": "bot", "text": "Hello", "timestamp": 2.2},
    ]  # fmt: skip
    events = [Event.from_parameters(event) for event in stored]
    assert [type(e).__name__ for e in events] == [
        "ActionExecuted", "SessionStarted", "UserUttered", "SlotSet", "BotUttered",
    ]  # fmt: skip
    assert [e.as_dict()["event"] for e in events] == [event["event"] for event in stored]


def test_installing_it_twice_keeps_one_table(rasas_resolve) -> None:
    installed = Event.resolve_by_type
    find_event_classes_by_name()
    assert Event.resolve_by_type is installed
