"""How long training the whole assistant takes on this machine: `rasa train` (clean cache,
3 runs) and the safeguarding classifier (encoding its corpus from nothing, once: it takes
minutes, and varies little), then both side by side, as `make model` trains them.

Writes reports/bench_training.json. Run with `make bench`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bot.config import environment
from bot.measure import write_report

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def rasa_training(out: Path) -> subprocess.Popen[bytes]:
    env = environment(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    # A cache directory of its own, so no step is skipped because an earlier run cached it.
    env["RASA_CACHE_DIRECTORY"] = str(out / "cache")
    return subprocess.Popen(
        [sys.executable, "-m", "rasa", "train", "--force", "--out", str(out), "--quiet"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def safeguarding_training(out: Path) -> subprocess.Popen[bytes]:
    """`signpost safeguarding train --force`, kept apart from models/."""
    code = (
        "import sys, pathlib; from bot.config import DATA_DIR; "
        "from bot.safeguarding.detector import train_classifier; "
        "train_classifier(DATA_DIR, pathlib.Path(sys.argv[1]))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, str(out)],
        cwd=PROJECT_ROOT,
        # A vector cache of its own: the corpus is encoded from nothing, as on a fresh clone.
        env=environment(TF_CPP_MIN_LOG_LEVEL="2", SIGNPOST_CACHE_DIR=str(out / "vectors")),
        stdout=subprocess.DEVNULL,
    )


def timed(*trainings: subprocess.Popen[bytes]) -> float:
    """Seconds until every one of the trainings (started just now) has finished."""
    started = time.perf_counter()
    for training in trainings:
        if training.wait() != 0:
            raise SystemExit(f"training failed: {training.args}")
    return time.perf_counter() - started


def train_once(out: Path) -> float:
    return timed(rasa_training(out))


def train_safeguarding_once(out: Path) -> float:
    return timed(safeguarding_training(out))


def train_side_by_side(out: Path) -> float:
    """Both at once, as `make model` trains them."""
    return timed(rasa_training(out / "rasa"), safeguarding_training(out / "safeguarding"))


def main() -> None:
    # `--runs N`: fewer when the machine is needed soon (the report says how many).
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else RUNS
    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as work:
            seconds.append(train_once(Path(work)))
    with tempfile.TemporaryDirectory() as work:
        safeguarding = train_safeguarding_once(Path(work))
    with tempfile.TemporaryDirectory() as work:
        side_by_side = train_side_by_side(Path(work))
    report = {
        "what": "rasa train (NLU and dialogue), from scratch",
        "runs": runs,
        "median_s": round(statistics.median(seconds), 1),
        "all_s": [round(s, 1) for s in seconds],
        "safeguarding_classifier_s": round(safeguarding, 1),
        # What `make model` takes: both at once (`rasa train` keeps about one core busy).
        "whole_assistant_s": round(side_by_side, 1),
        "one_after_the_other_s": round(statistics.median(seconds) + safeguarding, 1),
        "cores": os.cpu_count(),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    write_report(PROJECT_ROOT / "reports" / "bench_training.json", report)


if __name__ == "__main__":
    main()
