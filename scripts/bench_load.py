"""Latency and throughput under load: ours on one server, ours on two behind nginx, and a bare
Rasa assistant (Rasa's own starter project, trained in this run) as the baseline.

For 1, 10 and 50 conversations at once it plays multi-turn conversations through the REST
channel (bot/scaleout/loadtest.py) and reports median and 95th-percentile latency per message
and messages a second. Every run on our assistant is then checked from the tracker store and
the escalation table: nothing lost, doubled or reordered, every disclosure escalated once.
Writes reports/bench_load.json. Run with `make bench`.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT, environment
from bot.db import make_engine, scratch_postgres_database
from bot.scaleout.cluster import DEFAULT_REDIS_URL, ScaledStack
from bot.scaleout.conversations import OURS, STARTER, Script
from bot.scaleout.loadtest import check_record, run_load
from bot.stack import MEASURING_ENV, Stack, free_port, prepared_database, rasa_ready

# Conversations at once, and how many conversations in all at that level.
LEVELS = {1: 12, 10: 40, 50: 100}
WARMUP_CONVERSATIONS = 4


def rasa_env() -> dict[str, str]:
    return environment(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")


def measure(base_url: str, scripts: tuple[Script, ...], engine: Any = None) -> dict[str, Any]:
    """Each level of concurrency in turn, after a short warm-up; checked when engine given."""
    run_load(base_url, scripts, conversations=WARMUP_CONVERSATIONS, concurrency=2)
    levels = {}
    for concurrency, conversations in LEVELS.items():
        result = run_load(base_url, scripts, conversations=conversations, concurrency=concurrency)
        summary = result.summary()
        if engine is not None:
            problems = check_record(engine, result)
            summary["record_problems"] = len(problems)
            summary["record_problems_first"] = problems[:5]
            summary["disclosures"] = sum(
                1 for c in result.conversations if c.script.disclosure_turn is not None
            )
        levels[str(concurrency)] = summary
        print(f"  {concurrency:>2} at once: {json.dumps(summary)}", flush=True)
    return levels


def bare_rasa(work: Path) -> dict[str, Any]:
    """`rasa init` makes and trains the starter project; then one server, as it comes."""
    project = work / "starter"
    project.mkdir()  # rasa init fills a folder that exists
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)],
        env=rasa_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    train_seconds = time.perf_counter() - started
    port, token = free_port(), "bench"
    log = (work / "starter-rasa.log").open("ab")
    server = subprocess.Popen(
        [sys.executable, "-m", "rasa", "run", "--enable-api", f"--auth-token={token}",
         "--interface", "127.0.0.1", "--port", str(port), "--model", "models"],
        cwd=project, env=rasa_env(), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while not rasa_ready(url, token):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"the starter project's server did not start; see {log.name}")
            time.sleep(0.5)
        print("bare Rasa starter project, one server:", flush=True)
        return {"train_seconds": round(train_seconds, 1), "levels": measure(url, STARTER)}
    finally:
        server.terminate()
        server.wait(timeout=30)


def ours_one_server(work: Path) -> dict[str, Any]:
    with scratch_postgres_database("signpost_bench") as url:
        prepared_database(url)
        engine = make_engine(url)
        stack = Stack.on_free_ports(url, work / "one", MEASURING_ENV)
        with stack:
            print("ours, one Rasa server (PostgreSQL tracker store):", flush=True)
            levels = measure(stack.rasa_url, OURS, engine)
        engine.dispose()
    return {"levels": levels}


def ours_scaled(work: Path) -> dict[str, Any]:
    with scratch_postgres_database("signpost_bench") as url:
        prepared_database(url)
        engine = make_engine(url)
        stack = ScaledStack.on_loopback(
            url, DEFAULT_REDIS_URL, work / "scaled", extra_env=MEASURING_ENV
        )
        stack.start()
        try:
            stack.wait_ready(timeout=300)
            print("ours, two Rasa servers and two action servers behind nginx:", flush=True)
            levels = measure(stack.rasa_url, OURS, engine)
        finally:
            stack.stop()
        engine.dispose()
    return {"rasa_servers": 2, "action_servers": 2, "levels": levels}


def ratio(ours: dict[str, Any], bare: dict[str, Any], level: str, key: str) -> float:
    return round(ours["levels"][level][key] / bare["levels"][level][key], 2)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        bare = bare_rasa(work)
        one = ours_one_server(work)
        scaled = ours_scaled(work)
    report = {
        "what": "REST turns of multi-turn conversations, many at once (bot/scaleout/loadtest.py)",
        "levels": {k: f"{v} conversations, {k} at a time" for k, v in LEVELS.items()},
        "bare_rasa_starter": bare,
        "ours_one_server": one,
        "ours_two_servers": scaled,
        "p95_ratio_at_10": {
            "one_server_vs_bare": ratio(one, bare, "10", "p95_ms"),
            "two_servers_vs_bare": ratio(scaled, bare, "10", "p95_ms"),
        },
        "cores": os.cpu_count(),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    out = PROJECT_ROOT / "reports" / "bench_load.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report["p95_ratio_at_10"], indent=2))


if __name__ == "__main__":
    main()
