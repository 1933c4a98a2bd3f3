"""The gate's rules with the real detector: over the rate, ordinary messages are refused and
a disclosure is taken; a refused disclosure gets the crisis card."""

from __future__ import annotations

import pytest

from bot.channels.gate import TOO_FAST, Gate
from bot.channels.intake import read_fields


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Gate:
    monkeypatch.setenv("SIGNPOST_CONVERSATION_RATE", "1/2")
    monkeypatch.setenv("SIGNPOST_ADDRESS_RATE", "1/3")
    return Gate()


def test_over_the_conversation_rate_an_ordinary_message_is_refused(gate: Gate) -> None:
    hello = read_fields("s-1", "hello", None)
    assert gate.problem(hello, "198.51.100.1") is None
    assert gate.problem(hello, "198.51.100.1") is None
    assert gate.problem(hello, "198.51.100.1") == (429, TOO_FAST)
    assert gate.refuse(hello, 429, TOO_FAST) == []  # refused: told why, nothing else


def test_over_the_address_rate_other_conversations_are_refused_too(gate: Gate) -> None:
    for n in range(3):
        assert gate.problem(read_fields(f"s-{n}", "hello", None), "198.51.100.2") is None
    assert gate.problem(read_fields("s-9", "hello", None), "198.51.100.2") == (429, TOO_FAST)
    assert gate.problem(read_fields("s-9", "hello", None), "198.51.100.3") is None


def test_a_disclosure_over_the_rate_is_taken_all_the_same(gate: Gate) -> None:
    disclosure = read_fields("s-1", "i want to kill myself tonight", None)
    assert gate.refuse(disclosure, 429, TOO_FAST) is None


def test_a_disclosure_without_a_sender_gets_the_crisis_card(gate: Gate) -> None:
    disclosure = read_fields(None, "my dad hits me with his belt", {"audience": "parent"})
    status, reason = disclosure.refusal or (0, "")
    crisis = gate.refuse(disclosure, status, reason)
    assert crisis is not None
    [card] = [m["custom"] for m in crisis if "custom" in m]
    assert card["type"] == "crisis_card" and card["audience"] == "adult"
