from bot.safeguarding.policy import HANDOFF_ACTION, HOLDING_ACTION, next_action


def test_a_concern_is_handed_off_whatever_else_is_going_on() -> None:
    assert next_action("action_listen", "safeguarding_concern", None) == HANDOFF_ACTION


def test_once_handed_off_every_message_gets_the_holding_reply() -> None:
    for intent in ("greet", "asthma", "out_of_scope", "nlu_fallback", "safeguarding_concern"):
        assert next_action("action_listen", intent, "esc-1") == HOLDING_ACTION


def test_after_its_own_action_the_bot_listens() -> None:
    assert next_action(HANDOFF_ACTION, "safeguarding_concern", "esc-1") == "action_listen"
    assert next_action(HOLDING_ACTION, "greet", "esc-1") == "action_listen"


def test_other_messages_are_left_to_the_other_policies() -> None:
    assert next_action("action_listen", "asthma", None) is None
    assert next_action("action_search_services", "asthma", None) is None


def test_the_detectors_finding_counts_even_when_the_intent_was_replaced() -> None:
    # "/greet{...}" messages get their intent from Rasa after the NLU pipeline ran.
    assert next_action("action_listen", "greet", None, concern=True) == HANDOFF_ACTION
