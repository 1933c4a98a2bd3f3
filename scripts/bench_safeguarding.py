"""Safeguarding figures: detector throughput on one core, the second net on held-out
examples, and the corpus. Writes reports/safeguarding.json. Run with `make bench`."""

from __future__ import annotations

import json
import os
import statistics
import time
from datetime import datetime, timezone

import yaml

# One core, as the issue asks; set before numpy and friends start their thread pools.
os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

from bot.config import DATA_DIR, PROJECT_ROOT  # noqa: E402
from bot.safeguarding.classifier import load_training  # noqa: E402
from bot.safeguarding.detector import Detector  # noqa: E402
from bot.safeguarding.evaluation import heldout_score  # noqa: E402

RUNS = 5


def typical_messages() -> list[str]:
    """What parents and pupils type: every NLU training example, as plain text."""
    messages = []
    for path in sorted((DATA_DIR / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            for line in (block.get("examples") or "").splitlines():
                if line.startswith("- "):
                    messages.append(line[2:].replace("[", "").replace("]", ""))
    return messages


def main() -> None:
    detector = Detector.from_data(DATA_DIR)
    messages = typical_messages()
    detector.scan_many(messages[:200])  # warm caches, as a running server would have
    rates = []
    for _ in range(RUNS):
        started = time.perf_counter()
        detector.scan_many(messages)
        rates.append(len(messages) / (time.perf_counter() - started))
    single = []
    for message in messages[:500]:
        started = time.perf_counter()
        detector.scan(message)
        single.append((time.perf_counter() - started) * 1000)
    corpus = yaml.safe_load((PROJECT_ROOT / "tests" / "safeguarding" / "corpus.yml").read_text())
    concerns = detector.scan_many([c["text"] for c in corpus["concerns"]])
    traps = detector.scan_many([t["text"] for t in corpus["traps"]])
    score = heldout_score(load_training(DATA_DIR))
    report = {
        "messages_per_second_one_core": round(statistics.median(rates)),
        "messages": len(messages),
        "single_message_median_ms": round(statistics.median(single), 3),
        "corpus_recall": round(sum(f.concern for f in concerns) / len(concerns), 4),
        "corpus_false_positive_rate": round(sum(f.concern for f in traps) / len(traps), 4),
        "corpus_size": {"concerns": len(concerns), "traps": len(traps)},
        "classifier_heldout_recall": round(score.recall, 4),
        "classifier_heldout_false_positive_rate": round(score.false_positive_rate, 4),
        "classifier_heldout_size": {"concerns": score.concerns, "benign": score.benign},
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    (PROJECT_ROOT / "reports" / "safeguarding.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
