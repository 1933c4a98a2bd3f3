"""The second net, judged as it was trained: out of fold, on writers' voices it did not learn
from (the figures its thresholds were chosen on). Floors catch a regression."""

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold

from bot.config import DATA_DIR
from bot.safeguarding.classifier import (
    FOLDS,
    HANDOFF_FLAGS,
    SPLIT_SEED,
    _fold_chances,
    _ngrams,
    _out_of_fold,
    load_nlu_messages,
)


def test_the_classifier_finds_unseen_voices_disclosures_within_its_false_alarm_budget(
    detector,
) -> None:
    report = detector.classifier.report
    assert report is not None and report.concerns >= 5000
    assert report.flags_handoff <= HANDOFF_FLAGS + 0.002
    assert report.recall_handoff >= 0.75, report
    assert report.recall_any >= 0.93, report
    t = report.thresholds
    assert t.lexicon_veto <= t.check_in <= t.handoff


def test_everyday_messages_rarely_hand_off(detector) -> None:
    messages = load_nlu_messages(DATA_DIR / "nlu")
    findings = detector.scan_many(messages)
    handed_off = [m for m, f in zip(messages, findings, strict=True) if f.concern]
    flagged = [m for m, f in zip(messages, findings, strict=True) if f.flagged]
    assert len(handed_off) / len(messages) <= 0.01, handed_off
    assert len(flagged) / len(messages) <= 0.03, flagged


def test_the_folds_trained_side_by_side_give_what_one_after_another_gives() -> None:
    # Small made-up data: what matters is that the parallel folds compute the same numbers.
    rng = np.random.default_rng(7)
    words = ["secret", "homework", "bruise", "football", "scared", "lunch", "home", "trip"]
    texts = [" ".join(rng.choice(words, size=6)) for _ in range(150)]
    labels = np.array(["secret" in t or "scared" in t for t in texts])
    vectors = rng.normal(size=(150, 384)).astype(np.float32)
    groups = np.array([f"voice-{n % 15}" for n in range(150)])
    ngrams = _ngrams().fit(texts)
    features = ngrams.transform(texts)

    side_by_side = _out_of_fold(features, labels, vectors, groups, ngrams)

    one_after_another = np.zeros(len(texts))
    folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SPLIT_SEED)
    for train, test in folds.split(vectors, labels, groups):
        one_after_another[test] = _fold_chances(features, labels, vectors, ngrams, train, test)
    assert np.array_equal(side_by_side, one_after_another)
