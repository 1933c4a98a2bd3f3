"""Where the time of one turn goes, from a profiler rather than guesses (issue 20).

Starts the real Rasa and action servers on a scratch PostgreSQL database, as `make bench`
does, plays conversations one at a time through the REST channel (the bench's own scripts),
and meanwhile samples both servers from outside with py-spy, so they run unchanged. The
samples are then summed by where they were spent: each sample counts once, for the first
part in PARTS with a frame anywhere on its stack, and the functions that hold the most
samples are listed. Writes reports/profile_turn.json and the raw stacks under
var/profile/. Run with `make profile`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from bot.db import scratch_postgres_database
from bot.scaleout.conversations import OURS
from bot.scaleout.loadtest import run_load
from bot.stack import MEASURING_ENV, Stack, prepared_database

SAMPLES_PER_SECOND = 250
WARMUP_CONVERSATIONS = 4
PROFILED_CONVERSATIONS = 40
OUT_DIR = PROJECT_ROOT / "var" / "profile"
# Our code sits at the bottom of every stack of the Rasa server (its entry point, bot/
# rasa_server.py, and the channel that takes the turn), so the catch-all for our code counts a
# sample only when the innermost frame that is ours or Rasa's is ours: Rasa's own work
# called from our channel is Rasa's. (Before 2026-12-07 it took every such sample, about
# 8 ms a message of Rasa's dask runner, event reading and SQLAlchemy, as ours.)
OUR_CODE = "other bot/ and actions/ code"
OUR_FRAMES = ("(bot/", "(actions/")
FRAMEWORK_FRAMES = ("(rasa/", "(rasa_sdk/")
# The parts of a turn, by where their code lives. A sample counts once, for the first part
# in this list with a frame anywhere on its stack: the encoder's ONNX Runtime counts as
# the encoder, the tracker store's SQL as the tracker store.
PARTS = [
    ("sentence encoder (bot/language)", ("bot/language/",)),
    ("safeguarding detector and escalations (bot/safeguarding)", ("bot/safeguarding/",)),
    ("tracker store (its SQL included)", ("tracker_store",)),
    ("lock store", ("lock_store",)),
    ("directory and careers (bot/directory, bot/careers; their SQL included)",
     ("bot/directory/", "bot/careers/")),
    ("DIET and the other NLU components", ("rasa/nlu/", "bot/pipeline/")),
    ("dialogue policies", ("rasa/core/policies/",)),
    ("call to the action server", ("rasa/core/actions/",)),
    (OUR_CODE, ("bot/", "actions/")),
    ("SQL elsewhere", ("sqlalchemy/", "psycopg")),
    ("Rasa SDK action server", ("rasa_sdk/",)),
    ("rest of Rasa (processor, agent, events, channels)", ("rasa/",)),
    ("Sanic and the event loop at work", ("sanic/", "asyncio/")),
]  # fmt: skip
# A sample whose innermost Python frame is the server's loop waiting for the next request is
# idle time: py-spy cannot tell uvloop's native wait from work.
IDLE_FRAMES = ("serve (sanic/server/runners.py",)


def record(pid: int, out: Path) -> subprocess.Popen[bytes]:
    """py-spy sampling one server until told to stop (SIGINT), its stacks in `out`."""
    py_spy = shutil.which("py-spy", path=os.path.dirname(sys.executable)) or "py-spy"
    return subprocess.Popen(
        [py_spy, "record", "--pid", str(pid), "--rate", str(SAMPLES_PER_SECOND),
         "--format", "raw", "--output", str(out), "--nonblocking", "--subprocesses"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def read_stacks(path: Path) -> Counter[tuple[str, ...]]:
    """py-spy's raw format: `outer;...;inner count` a line."""
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in path.read_text().splitlines():
        frames, _, count = line.rpartition(" ")
        if frames and count.isdigit():
            stacks[tuple(frames.split(";"))] += int(count)
    return stacks


def ours_innermost(stack: tuple[str, ...]) -> bool:
    """Whether the innermost frame that is ours or Rasa's (the SDK's) is ours."""
    for frame in reversed(stack):
        if any(marker in frame for marker in OUR_FRAMES):
            return True
        if any(marker in frame for marker in FRAMEWORK_FRAMES):
            return False
    return False


def part_of(stack: tuple[str, ...]) -> str:
    for name, markers in PARTS:
        if name == OUR_CODE and not ours_innermost(stack):
            continue
        if any(marker in frame for frame in stack for marker in markers):
            return name
    return "elsewhere"


def summary(stacks: Counter[tuple[str, ...]], messages: int) -> dict[str, Any]:
    """Busy samples by part and by function, as shares of busy time and as milliseconds a
    message (samples / rate / messages)."""
    busy = Counter({s: c for s, c in stacks.items() if not s[-1].startswith(IDLE_FRAMES)})
    total = sum(busy.values())
    parts: Counter[str] = Counter()
    held: Counter[str] = Counter()  # a function's samples with it anywhere on the stack
    own: Counter[str] = Counter()  # the samples in the function itself
    for stack, count in busy.items():
        parts[part_of(stack)] += count
        for frame in set(stack):
            held[frame] += count
        own[stack[-1]] += count

    def shares(counter: Counter[str], n: int) -> list[dict[str, Any]]:
        return [
            {
                "where": where,
                "ms_per_message": round(c / SAMPLES_PER_SECOND / messages * 1000, 1),
                "share_of_busy": round(c / total, 3),
            }
            for where, c in counter.most_common(n)
        ]

    return {
        "samples": sum(stacks.values()),
        "busy_samples": total,
        "busy_ms_per_message": round(total / SAMPLES_PER_SECOND / messages * 1000, 1),
        "parts": shares(parts, len(parts)),
        "functions_holding_most": shares(held, 25),
        "functions_spending_most_themselves": shares(own, 15),
    }


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as folder,
        scratch_postgres_database("signpost_profile") as url,
    ):
        prepared_database(url)
        with Stack.on_free_ports(url, Path(folder), MEASURING_ENV) as stack:
            run_load(stack.rasa_url, OURS, conversations=WARMUP_CONVERSATIONS, concurrency=1)
            samplers = {
                name: record(stack.named[name].pid, OUT_DIR / f"{name}.txt")
                for name in ("rasa", "actions")
            }
            time.sleep(1.0)  # py-spy attaches
            played = run_load(
                stack.rasa_url, OURS, conversations=PROFILED_CONVERSATIONS, concurrency=1
            )
            for sampler in samplers.values():
                sampler.send_signal(signal.SIGINT)
                sampler.wait(timeout=60)
    report = {
        "what": "py-spy samples of the Rasa server and the action server while conversations "
        "are played one at a time through the REST channel (scripts/profile_turn.py); the "
        "server's loop waiting for a request is left out, so the shares are of busy time",
        "turns": played.summary(),
        "samples_per_second": SAMPLES_PER_SECOND,
        "servers": {
            name: summary(read_stacks(OUT_DIR / f"{name}.txt"), len(played.latencies_ms))
            for name in samplers
        },
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    out = PROJECT_ROOT / "reports" / "profile_turn.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{played.summary()}")
    for name, server in report["servers"].items():
        print(f"{name}: busy {server['busy_ms_per_message']} ms a message")
        for part in server["parts"]:
            print(f"  {part['ms_per_message']:6.1f} ms  {part['where']}")
    print(f"wrote {out.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
