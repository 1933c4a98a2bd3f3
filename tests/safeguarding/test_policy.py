"""The safeguarding policy's decisions, as a pure function of the conversation's state."""

from bot.pipeline.safeguarding_policy import (
    CHECK_IN_ACTION,
    DECLINED_ACTION,
    HANDOFF_ACTION,
    HOLDING_ACTION,
    Turn,
    next_action,
)
from bot.safeguarding.classifier import Level

LISTEN = "action_listen"


def test_a_concern_is_handed_off_whatever_else_is_going_on() -> None:
    assert next_action(Turn(LISTEN, "safeguarding_concern")) == HANDOFF_ACTION
    assert next_action(Turn(LISTEN, "asthma", Level.HANDOFF)) == HANDOFF_ACTION


def test_once_handed_off_every_message_gets_the_holding_reply() -> None:
    for intent in ("greet", "asthma", "out_of_scope", "nlu_fallback", "safeguarding_concern"):
        assert next_action(Turn(LISTEN, intent, handoff=True)) == HOLDING_ACTION
    assert next_action(Turn(LISTEN, "greet", Level.CHECK_IN, handoff=True)) == HOLDING_ACTION


def test_after_its_own_actions_the_bot_listens() -> None:
    for action in (HANDOFF_ACTION, HOLDING_ACTION, DECLINED_ACTION):
        assert next_action(Turn(action, "greet", handoff=True)) == LISTEN


def test_other_messages_are_left_to_the_other_policies() -> None:
    assert next_action(Turn(LISTEN, "asthma")) is None
    assert next_action(Turn("action_search_services", "asthma")) is None


def test_an_unsure_finding_checks_in_then_lets_the_question_be_answered() -> None:
    assert next_action(Turn(LISTEN, "mental_health", Level.CHECK_IN)) == CHECK_IN_ACTION
    # The check-in reverts itself, so the turn looks fresh: now the other policies answer.
    after = Turn(LISTEN, "mental_health", Level.CHECK_IN, review=True, checked_in_now=True)
    assert next_action(after) is None


def test_a_second_unsure_message_hands_off() -> None:
    again = Turn(LISTEN, "greet", Level.CHECK_IN, review=True)
    assert next_action(again) == HANDOFF_ACTION


def test_a_yes_to_the_check_in_hands_off_and_a_no_gets_the_short_reply() -> None:
    assert next_action(Turn(LISTEN, "greet", review=True, answer="yes")) == HANDOFF_ACTION
    assert next_action(Turn(LISTEN, "greet", review=True, answer="no")) == DECLINED_ACTION


def test_a_no_with_new_risk_still_hands_off() -> None:
    turn = Turn(LISTEN, "greet", Level.HANDOFF, review=True, answer="no")
    assert next_action(turn) == HANDOFF_ACTION


def test_after_a_check_in_the_conversation_otherwise_goes_on() -> None:
    assert next_action(Turn(LISTEN, "debt", review=True)) is None


def test_the_detectors_finding_counts_even_when_the_intent_was_replaced() -> None:
    # "/greet{...}" messages get their intent from Rasa after the NLU pipeline ran.
    assert next_action(Turn(LISTEN, "greet", Level.HANDOFF)) == HANDOFF_ACTION
