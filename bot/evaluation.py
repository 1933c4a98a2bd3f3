"""Held-out NLU evaluation: train on one part of data/nlu, score on the part it never saw."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bot.config import PROJECT_ROOT, environment

HELDOUT_FRACTION = 0.2
# We looked at the errors on the split drawn with seed 2611 while choosing the pipeline and
# writing more examples, so that split is spent. The figure we report and test uses this
# seed, whose held-out messages were not inspected.
SPLIT_SEED = 1123


@dataclass(frozen=True)
class HeldoutScore:
    macro_f1: float
    accuracy: float
    per_intent_f1: dict[str, float]
    train_seconds: float
    report_dir: Path


def _rasa(*args: str) -> None:
    env = environment(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    subprocess.run(
        [sys.executable, "-m", "rasa", *args],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def heldout_score(work_dir: Path, config: Path = PROJECT_ROOT / "config.yml") -> HeldoutScore:
    split_dir = work_dir / "split"
    _rasa(
        "data", "split", "nlu",
        "--nlu", str(PROJECT_ROOT / "data" / "nlu"),
        "--training-fraction", str(1 - HELDOUT_FRACTION),
        "--random-seed", str(SPLIT_SEED),
        "--out", str(split_dir),
    )  # fmt: skip
    started = time.monotonic()
    _rasa(
        "train", "nlu",
        "--config", str(config),
        "--nlu", str(split_dir / "training_data.yml"),
        "--out", str(work_dir),
        "--fixed-model-name", "heldout",
    )  # fmt: skip
    train_seconds = time.monotonic() - started
    results = work_dir / "results"
    _rasa(
        "test", "nlu",
        "--model", str(work_dir / "heldout.tar.gz"),
        "--nlu", str(split_dir / "test_data.yml"),
        "--out", str(results),
        "--no-plot",
    )  # fmt: skip
    report = json.loads((results / "intent_report.json").read_text())
    per_intent = {
        name: float(row["f1-score"])
        for name, row in report.items()
        if isinstance(row, dict) and name not in ("macro avg", "weighted avg", "micro avg")
    }
    return HeldoutScore(
        macro_f1=float(report["macro avg"]["f1-score"]),
        accuracy=float(report.get("accuracy", report.get("micro avg", {}).get("f1-score", 0.0))),
        per_intent_f1=per_intent,
        train_seconds=train_seconds,
        report_dir=results,
    )


# What kind of answer a reply is, read from its cards as the widget reads them (DESIGN.md):
# a topic's services, careers roles, 999 advice, the school office; else the words of the
# out-of-scope and not-understood replies (domain.yml).
ROUTE_OF_CARD = {"careers": "careers", "emergency": "emergency", "school_contact": "school_admin"}
ROUTE_OF_OPENING = {
    "Sorry, I can't help with that": "out_of_scope",
    "I'm not sure I understood": "not_understood",
}


def route_of(messages: list[dict]) -> str:
    """Where a reply sent the person: a topic, careers, emergency, school_admin,
    out_of_scope; "handoff" for a safeguarding hand-off; "other" for anything else."""
    cards = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    for card in cards:
        if card.get("type") == "services":
            return str(card.get("topic"))
        if card.get("type") in ROUTE_OF_CARD:
            return ROUTE_OF_CARD[card["type"]]
    if any(card.get("type") == "handoff" for card in cards):
        return "handoff"
    for message in messages:
        for opening, route in ROUTE_OF_OPENING.items():
            if (message.get("text") or "").startswith(opening):
                return route
    return "other"


def careers_roles(messages: list[dict]) -> list[str]:
    """The role ids a reply's careers cards show, in order."""
    return [
        str(role.get("id"))
        for m in messages
        if isinstance(m.get("custom"), dict) and m["custom"].get("type") == "careers"
        for role in m["custom"].get("roles") or []
    ]
