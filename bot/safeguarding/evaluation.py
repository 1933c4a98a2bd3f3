"""Judging the second net on examples it was not trained on."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bot.safeguarding.classifier import NONE, ConcernClassifier

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
