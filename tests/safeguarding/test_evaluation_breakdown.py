"""The by-category and by-kind breakdown that `make eval` reports (scripts/eval_safeguarding.py)."""

from bot.safeguarding.detector import Finding, Match
from bot.safeguarding.evaluation import Tally, breakdown, judge_set, tally


def finding(*categories: str) -> Finding:
    return Finding(tuple(Match(c, "high", "test", "", 0, 0) for c in categories))


def test_tally_counts_each_label_apart() -> None:
    counts = tally([("neglect", True), ("suicide", False), ("neglect", False), ("neglect", True)])
    assert counts == {"neglect": Tally(2, 3), "suicide": Tally(0, 1)}
    assert list(counts) == ["neglect", "suicide"]
    assert round(counts["neglect"].rate, 4) == 0.6667
    assert Tally(0, 0).rate == 0.0


def test_breakdown_by_category_and_kind() -> None:
    concerns = [
        {"categories": ["emotional_abuse", "neglect"], "kind": "indirect"},
        {"categories": ["neglect"], "kind": "direct"},
        {"categories": ["suicide"], "kind": "indirect"},
    ]
    traps = [{"kind": "idiom"}, {"kind": "idiom"}, {"kind": "game"}]
    result = breakdown(
        concerns,
        # escalated but named only as neglect; escalated as self-harm; missed
        [finding("neglect"), finding("self_harm"), finding()],
        traps,
        [finding(), finding("suicide"), finding()],
    )
    assert result.recall == Tally(2, 3)
    assert result.false_positives == Tally(1, 3)
    # A message with two categories counts under both.
    assert result.recall_by_category == {
        "emotional_abuse": Tally(1, 1),
        "neglect": Tally(2, 2),
        "suicide": Tally(0, 1),
    }
    assert result.named_by_category == {
        "emotional_abuse": Tally(0, 1),
        "neglect": Tally(1, 2),
        "suicide": Tally(0, 1),
    }
    assert result.recall_by_kind == {"direct": Tally(1, 1), "indirect": Tally(1, 2)}
    assert result.false_positives_by_kind == {"game": Tally(0, 1), "idiom": Tally(1, 2)}


def test_judge_set_runs_the_real_detector(detector, corpus) -> None:
    # The corpus's first disclosure and first look-alike: the corpus test holds the detector
    # to catching every disclosure, and the first idiom trap has never escalated.
    sample = {"concerns": corpus["concerns"][:1], "traps": corpus["traps"][:1]}
    result = judge_set(detector, sample)
    category = sample["concerns"][0]["categories"][0]
    assert result.recall == Tally(1, 1)
    assert result.false_positives == Tally(0, 1)
    assert result.recall_by_category == {category: Tally(1, 1)}
    assert result.false_positives_by_kind == {sample["traps"][0]["kind"]: Tally(0, 1)}
