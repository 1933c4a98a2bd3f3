"""The Rasa server's check of the action server's replies, with the schema compiled once:
the same verdicts and the same error as Rasa's own check."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_server import check_action_replies_once_compiled

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
