"""How long `rasa train` takes for the full assistant on this machine (clean cache, 3 runs).

Writes reports/bench_training.json. Run with `make bench`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def train_once(out: Path) -> float:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    # A cache directory of its own, so no step is skipped because an earlier run cached it.
    env["RASA_CACHE_DIRECTORY"] = str(out / "cache")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--force", "--out", str(out), "--quiet"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    seconds = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as work:
            seconds.append(train_once(Path(work)))
    report = {
        "what": "rasa train (NLU and dialogue), from scratch",
        "runs": RUNS,
        "median_s": round(statistics.median(seconds), 1),
        "all_s": [round(s, 1) for s in seconds],
        "cores": os.cpu_count(),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    (PROJECT_ROOT / "reports" / "bench_training.json").write_text(
        json.dumps(report, indent=2) + "\n"
    )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
