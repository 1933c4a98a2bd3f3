"""Judging the detector on a test set, broken down by category and kind, for both outcomes:
hand-off (sure) and any flag (hand-off or check-in: a person at the school sees it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import read_yaml
from bot.safeguarding.detector import Detector, Finding

# Counts only: no message text leaves these functions.


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
    """`recall` and `false_positives` count hand-offs; the `_any` ones count check-ins too."""

    recall: Tally
    false_positives: Tally
    recall_any: Tally
    false_positives_any: Tally
    recall_by_category: dict[str, Tally]  # a concern with two categories counts under both
    # Handed off *and* labelled with this category, as the DSL sees it on the hand-off.
    named_by_category: dict[str, Tally]
    recall_by_kind: dict[str, Tally]
    false_positives_by_kind: dict[str, Tally]
    recall_any_by_category: dict[str, Tally]
    recall_any_by_kind: dict[str, Tally]
    false_positives_any_by_kind: dict[str, Tally]


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
        recall_any=Tally(sum(f.flagged for f in concern_findings), len(concern_findings)),
        false_positives_any=Tally(sum(f.flagged for f in trap_findings), len(trap_findings)),
        recall_by_category=tally(
            (c, f.concern) for item, f in concern_pairs for c in item["categories"]
        ),
        named_by_category=tally(
            (c, f.concern and c in f.categories)
            for item, f in concern_pairs
            for c in item["categories"]
        ),
        recall_by_kind=tally((item["kind"], f.concern) for item, f in concern_pairs),
        false_positives_by_kind=tally((item["kind"], f.concern) for item, f in trap_pairs),
        recall_any_by_category=tally(
            (c, f.flagged) for item, f in concern_pairs for c in item["categories"]
        ),
        recall_any_by_kind=tally((item["kind"], f.flagged) for item, f in concern_pairs),
        false_positives_any_by_kind=tally((item["kind"], f.flagged) for item, f in trap_pairs),
    )


def load_set(path: Path) -> dict[str, list[dict[str, Any]]]:
    """A test set: one file, or a folder of files written apart (held_out_2026_12/)."""
    paths = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    merged: dict[str, list[dict[str, Any]]] = {"concerns": [], "traps": []}
    for each in paths:
        data = read_yaml(each)
        merged["concerns"] += data["concerns"]
        merged["traps"] += data["traps"]
    return merged


def judge_set(detector: Detector, data: Mapping[str, Any]) -> SetBreakdown:
    """The detector's breakdown on one loaded test set ({"concerns": [...], "traps": [...]})."""
    concerns, traps = data["concerns"], data["traps"]
    return breakdown(
        concerns,
        detector.scan_many([item["text"] for item in concerns]),
        traps,
        detector.scan_many([item["text"] for item in traps]),
    )
