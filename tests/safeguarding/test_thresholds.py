"""The rules that set the three outcomes' thresholds, as pure functions of out-of-fold data."""

import numpy as np

from bot.safeguarding.classifier import (
    AGREE_CHANCE,
    CHECK_IN_FLAGS,
    HANDOFF_FLAGS,
    VETO_MIN_WORDS,
    Level,
    Thresholds,
    choose_thresholds,
)

RNG = np.random.default_rng(1203)


def _data(n: int = 4000) -> tuple[np.ndarray, ...]:
    concern = RNG.random(n) < 0.4
    chances = np.clip(np.where(concern, RNG.beta(5, 2, n), RNG.beta(1, 6, n)), 0, 1)
    lexicon = RNG.random(n) < np.where(concern, 0.5, 0.05)
    critical = lexicon & (RNG.random(n) < 0.1)
    words = RNG.integers(3, 120, n)
    return chances, concern, lexicon, critical, words


def test_the_whole_detector_stays_within_its_false_alarm_budgets() -> None:
    chances, concern, lexicon, critical, words = _data()
    thresholds = choose_thresholds(chances, concern, lexicon, critical, words)
    handoff, flagged = thresholds.outcomes(chances, lexicon, critical, words)
    assert handoff[~concern].mean() <= HANDOFF_FLAGS
    assert flagged[~concern].mean() <= CHECK_IN_FLAGS
    assert thresholds.lexicon_veto <= thresholds.check_in <= thresholds.handoff


def test_easy_everyday_messages_buy_no_hand_offs() -> None:
    # The NLU examples are learnt from but not budgeted: a thousand more of them, all far
    # below every threshold, leave the thresholds where the written look-alikes put them.
    chances, concern, lexicon, critical, words = _data()
    before = choose_thresholds(chances, concern, lexicon, critical, words, concern & False)
    n, none = 1000, np.zeros(1000, dtype=bool)
    more = (
        np.concatenate([chances, np.full(n, 0.001)]),
        *(np.concatenate([flags, none]) for flags in (concern, lexicon, critical)),
        np.concatenate([words, np.full(n, 8)]),
    )
    everyday = np.concatenate([concern & False, ~none])
    assert choose_thresholds(*more, everyday) == before
    # Counted as look-alikes, the same easy messages would have lowered the hand-off bar.
    assert choose_thresholds(*more).handoff < before.handoff


def test_the_lexicons_hand_offs_count_against_the_budget() -> None:
    chances, concern, lexicon, critical, words = _data()
    alone = choose_thresholds(chances, concern, lexicon & False, critical & False, words)
    together = choose_thresholds(chances, concern, lexicon, critical, words)
    assert together.handoff > alone.handoff


def test_a_critical_match_always_hands_off_and_a_short_one_is_never_set_aside() -> None:
    thresholds = Thresholds(handoff=0.9, check_in=0.3, lexicon_veto=0.1)
    chances = np.array([0.0, 0.05, 0.05, 0.5])
    lexicon = np.array([True, True, True, True])
    critical = np.array([True, False, False, False])
    words = np.array([40, VETO_MIN_WORDS, VETO_MIN_WORDS + 1, 40])
    handoff, flagged = thresholds.outcomes(chances, lexicon, critical, words)
    assert handoff.tolist() == [True, False, False, True]
    assert flagged.tolist() == [True, True, False, True]
    assert thresholds.lexicon_level(0.05, VETO_MIN_WORDS) == Level.CHECK_IN
    assert thresholds.lexicon_level(0.05, 80) is None
    assert thresholds.lexicon_level(0.5, 80) == Level.HANDOFF


def test_a_lexicon_match_hands_off_only_when_the_classifier_agrees() -> None:
    # The essay that quotes a phrase, which the classifier thinks a one-in-three concern,
    # gets a check-in: a person still sees it, but the conversation is not taken over.
    thresholds = Thresholds(handoff=0.95, check_in=0.2, lexicon_veto=0.1, agree=AGREE_CHANCE)
    assert thresholds.lexicon_level(0.33, 80) == Level.CHECK_IN
    assert thresholds.lexicon_level(AGREE_CHANCE, 80) == Level.HANDOFF
    # A short message has no room for an essay's frame: "im feeling sucidal" hands off.
    assert thresholds.lexicon_level(0.33, VETO_MIN_WORDS) == Level.HANDOFF
    handoff, flagged = thresholds.outcomes(
        np.array([0.33, 0.6]), np.array([True, True]), np.array([False, False]), np.array([80, 80])
    )
    assert handoff.tolist() == [False, True] and flagged.tolist() == [True, True]


def test_the_chosen_thresholds_keep_the_agreement_rule() -> None:
    chances, concern, lexicon, critical, words = _data()
    assert choose_thresholds(chances, concern, lexicon, critical, words).agree == AGREE_CHANCE


def test_the_classifier_alone_hands_off_checks_in_or_stays_quiet() -> None:
    thresholds = Thresholds(handoff=0.9, check_in=0.3, lexicon_veto=0.1)
    assert thresholds.level(0.95) == Level.HANDOFF
    assert thresholds.level(0.5) == Level.CHECK_IN
    assert thresholds.level(0.2) is None
