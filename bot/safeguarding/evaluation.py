"""Judging the detector: the second net on examples it was not trained on, and the whole
detector on a test set broken down by category and kind."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.safeguarding.classifier import NONE, ConcernClassifier
from bot.safeguarding.detector import Detector, Finding

SPLIT_SEED = 1123
HELDOUT_FRACTION = 0.2


@dataclass(frozen=True)
class ClassifierScore:
    recall: float  # held-out concerns it flags
    false_positive_rate: float  # held-out benign examples it flags
    concerns: int
    benign: int


def split(examples: list[tuple[str, str]]) -> tuple[list, list]:
    """A fixed shuffle, stratified so every category is in both parts."""
    rng = random.Random(SPLIT_SEED)
    train, test = [], []
    for label in sorted({label for _, label in examples}):
        group = [e for e in examples if e[1] == label]
        rng.shuffle(group)
        cut = max(1, round(len(group) * HELDOUT_FRACTION))
        test.extend(group[:cut])
        train.extend(group[cut:])
    return train, test


def heldout_score(examples: list[tuple[str, str]]) -> ClassifierScore:
    train, test = split(examples)
    classifier = ConcernClassifier.train(train)
    flagged = [g is not None for g in classifier.guess([text for text, _ in test])]
    concern_flags = [f for f, (_, label) in zip(flagged, test, strict=True) if label != NONE]
    benign_flags = [f for f, (_, label) in zip(flagged, test, strict=True) if label == NONE]
    return ClassifierScore(
        recall=sum(concern_flags) / len(concern_flags),
        false_positive_rate=sum(benign_flags) / len(benign_flags),
        concerns=len(concern_flags),
        benign=len(benign_flags),
    )


# Breakdown of the whole detector on a test set (corpus.yml, unseen.yml, held_out.yml), by
# category and by kind, for `make eval`. Counts only: no message text leaves these functions.


@dataclass(frozen=True)
class Tally:
    flagged: int
    total: int

    @property
    def rate(self) -> float:
        return self.flagged / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"flagged": self.flagged, "total": self.total, "rate": round(self.rate, 4)}


def tally(outcomes: Iterable[tuple[str, bool]]) -> dict[str, Tally]:
    """(label, flagged) pairs counted per label, labels in alphabetical order."""
    flagged: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for label, hit in outcomes:
        total[label] += 1
        flagged[label] += hit
    return {label: Tally(flagged[label], total[label]) for label in sorted(total)}


@dataclass(frozen=True)
class SetBreakdown:
    recall: Tally  # concerns escalated
    false_positives: Tally  # traps escalated
    recall_by_category: dict[str, Tally]  # a concern with two categories counts under both
    # Escalated *and* labelled with this category, as the DSL sees it on the hand-off.
    named_by_category: dict[str, Tally]
    recall_by_kind: dict[str, Tally]
    false_positives_by_kind: dict[str, Tally]


def breakdown(
    concerns: Sequence[Mapping[str, Any]],
    concern_findings: Sequence[Finding],
    traps: Sequence[Mapping[str, Any]],
    trap_findings: Sequence[Finding],
) -> SetBreakdown:
    """Items as in tests/safeguarding/*.yml ({categories, kind} for a concern, {kind} for a
    trap), each beside the detector's finding on its text."""
    concern_pairs = list(zip(concerns, concern_findings, strict=True))
    trap_pairs = list(zip(traps, trap_findings, strict=True))
    return SetBreakdown(
        recall=Tally(sum(f.concern for f in concern_findings), len(concern_findings)),
        false_positives=Tally(sum(f.concern for f in trap_findings), len(trap_findings)),
        recall_by_category=tally(
            (c, f.concern) for item, f in concern_pairs for c in item["categories"]
        ),
        named_by_category=tally(
            (c, c in f.categories) for item, f in concern_pairs for c in item["categories"]
        ),
        recall_by_kind=tally((item["kind"], f.concern) for item, f in concern_pairs),
        false_positives_by_kind=tally((item["kind"], f.concern) for item, f in trap_pairs),
    )


def judge_set(detector: Detector, data: Mapping[str, Any]) -> SetBreakdown:
    """The detector's breakdown on one loaded test set ({"concerns": [...], "traps": [...]})."""
    concerns, traps = data["concerns"], data["traps"]
    return breakdown(
        concerns,
        detector.scan_many([item["text"] for item in concerns]),
        traps,
        detector.scan_many([item["text"] for item in traps]),
    )
