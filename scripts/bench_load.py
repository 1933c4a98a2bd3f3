"""Latency and throughput under load: ours on one server, ours on two behind nginx, and bare
Rasa (Rasa's own starter project, trained in this run) twice as the baseline: as it comes
(its in-memory tracker store) and on the same PostgreSQL tracker store as ours, so that the
comparison tells our code's cost apart from persistence.

For 1, 10 and 50 conversations at once it plays multi-turn conversations through the REST
channel (bot/scaleout/loadtest.py) and reports median and 95th-percentile latency per message
and messages a second. The machine is shared and noisy, and one slow phase used to decide the
ratio: so every assistant is started first, then the assistants take turns, level by level
(bare, bare on our store, ours, ours on two servers; again, ROUNDS times), and the report
gives each assistant's medians over the rounds and, for the ratios, the median of the
per-round ratios with their spread. Every run on our assistant is checked from the tracker
store and the escalation table: nothing lost, doubled or reordered, every disclosure
escalated once. Each round also records how many of the machine's cores were busy (all
processes: a second server can only add what idle cores allow). Writes
reports/bench_load.json. Run with `make bench`.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT, environment
from bot.db import make_engine, scratch_postgres_database
from bot.measure import (
    busiest_first,
    busy_cores,
    busy_ms_by_kind,
    processor_ticks,
    ticks_by_process,
)
from bot.scaleout.cluster import DEFAULT_REDIS_URL, ScaledStack
from bot.scaleout.conversations import OURS, STARTER, Script
from bot.scaleout.loadtest import check_record, run_load
from bot.stack import (
    MEASURING_ENV,
    Stack,
    free_port,
    prepared_database,
    rasa_ready,
    tracker_store_config,
)

# Conversations at once, and how many conversations in all at that level.
LEVELS = {1: 12, 10: 40, 50: 100}
WARMUP_CONVERSATIONS = 4
# Each assistant measured this many times at each level, taking turns with the others.
ROUNDS = 3


@dataclass
class Assistant:
    key: str  # its name in the report
    title: str
    url: str
    scripts: tuple[Script, ...]
    engine: Any = None  # ours: the database to check the record in
    extra: dict[str, Any] = field(default_factory=dict)
    rounds: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def rasa_env() -> dict[str, str]:
    return environment(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")


def train_starter(work: Path) -> tuple[Path, float]:
    """`rasa init` makes and trains the starter project."""
    project = work / "starter"
    project.mkdir()  # rasa init fills a folder that exists
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)],
        env=rasa_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return project, time.perf_counter() - started


@contextmanager
def starter_server(project: Path, name: str, endpoints: dict[str, Any] | None) -> Iterator[str]:
    """One Rasa server for the starter project; `endpoints` for its tracker store."""
    port, token = free_port(), "bench"
    command = [
        sys.executable, "-m", "rasa", "run", "--enable-api", f"--auth-token={token}",
        "--interface", "127.0.0.1", "--port", str(port), "--model", "models",
    ]  # fmt: skip
    if endpoints is not None:
        path = project / f"endpoints-{name}.yml"
        path.write_text(yaml.safe_dump(endpoints))
        command += ["--endpoints", str(path)]
    log = (project.parent / f"{name}-rasa.log").open("ab")
    server = subprocess.Popen(
        command, cwd=project, env=rasa_env(), stdout=log, stderr=subprocess.STDOUT
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while not rasa_ready(url, token):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"the starter project's server did not start; see {log.name}")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def scratch_database(prepare: Callable[[str], None] | None = None) -> Iterator[tuple[str, Any]]:
    with scratch_postgres_database("signpost_bench") as url:
        if prepare is not None:
            prepare(url)
        engine = make_engine(url)
        try:
            yield url, engine
        finally:
            engine.dispose()


def start_all(work: Path, stack: ExitStack) -> list[Assistant]:
    """Every assistant up at once, so that they can take turns."""
    project, train_seconds = train_starter(work)
    bare_url = stack.enter_context(starter_server(project, "starter", None))
    store_url, _ = stack.enter_context(scratch_database())
    same_store = stack.enter_context(
        starter_server(
            project, "starter-postgres", {"tracker_store": tracker_store_config(store_url)}
        )
    )
    one_url, one_engine = stack.enter_context(scratch_database(prepared_database))
    one = stack.enter_context(Stack.on_free_ports(one_url, work / "one", MEASURING_ENV))
    two_url, two_engine = stack.enter_context(scratch_database(prepared_database))
    scaled = ScaledStack.on_loopback(
        two_url, DEFAULT_REDIS_URL, work / "scaled", extra_env=MEASURING_ENV
    )
    scaled.start()
    stack.callback(scaled.stop)
    scaled.wait_ready(timeout=300)
    trained = {"train_seconds": round(train_seconds, 1)}
    return [
        Assistant("bare_rasa_starter", "bare Rasa starter project, one server (in-memory "
                  "tracker store)", bare_url, STARTER, extra=trained),
        Assistant("bare_rasa_same_store", "bare Rasa starter project, one server, on a "
                  "PostgreSQL tracker store like ours", same_store, STARTER),
        Assistant("ours_one_server", "ours, one Rasa server (PostgreSQL tracker store)",
                  one.rasa_url, OURS, one_engine),
        Assistant("ours_two_servers", "ours, two Rasa servers and two action servers behind "
                  "nginx", scaled.rasa_url, OURS, two_engine,
                  extra={"rasa_servers": 2, "action_servers": 2}),
    ]  # fmt: skip


def measure_once(assistant: Assistant, concurrency: int, conversations: int) -> dict[str, Any]:
    before, before_by_process = processor_ticks(), ticks_by_process()
    result = run_load(
        assistant.url, assistant.scripts, conversations=conversations, concurrency=concurrency
    )
    summary = result.summary()
    # How many of the machine's cores the round kept busy (servers, PostgreSQL and the load
    # generator together): a second server can only add throughput if cores were idle.
    summary["cores_busy"] = busy_cores(before, processor_ticks(), os.cpu_count() or 1)
    # And which processes: a second server gains little if much of a message's processor
    # time is spent outside the Rasa server's one busy thread.
    summary["busy_ms_a_message"] = busy_ms_by_kind(
        before_by_process, ticks_by_process(), summary["messages"]
    )
    if assistant.engine is not None:
        problems = check_record(assistant.engine, result)
        summary["record_problems"] = len(problems)
        summary["record_problems_first"] = problems[:5]
        summary["disclosures"] = sum(
            1 for c in result.conversations if c.script.disclosure_turn is not None
        )
    return summary


def take_turns(assistants: list[Assistant]) -> None:
    for assistant in assistants:
        run_load(
            assistant.url, assistant.scripts, conversations=WARMUP_CONVERSATIONS, concurrency=2
        )
    for concurrency, conversations in LEVELS.items():
        for round_number in range(1, ROUNDS + 1):
            for assistant in assistants:
                summary = measure_once(assistant, concurrency, conversations)
                assistant.rounds.setdefault(str(concurrency), []).append(summary)
                print(
                    f"  {concurrency:>2} at once, round {round_number}, {assistant.key}: "
                    f"median {summary['median_ms']} ms, p95 {summary['p95_ms']} ms, "
                    f"{summary['messages_per_second']} msg/s, errors {summary['errors']}, "
                    f"{summary['cores_busy']} cores busy",
                    flush=True,
                )


def level_summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """An assistant at one level: the median of its rounds; counts and checks summed."""
    summary: dict[str, Any] = {
        "rounds": len(rounds),
        "concurrent_conversations": rounds[0]["concurrent_conversations"],
        "conversations_each_round": rounds[0]["conversations"],
        "messages": sum(r["messages"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
    }
    for key in ("median_ms", "p95_ms", "messages_per_second"):
        summary[key] = round(statistics.median(r[key] for r in rounds), 1)
    summary["cores_busy"] = round(statistics.median(r["cores_busy"] for r in rounds), 2)
    kinds = {kind for r in rounds for kind in r["busy_ms_a_message"]}
    summary["busy_ms_a_message"] = busiest_first(
        {
            kind: round(statistics.median(r["busy_ms_a_message"].get(kind, 0.0) for r in rounds), 1)
            for kind in kinds
        }
    )
    if "record_problems" in rounds[0]:
        summary["record_problems"] = sum(r["record_problems"] for r in rounds)
        summary["record_problems_first"] = [p for r in rounds for p in r["record_problems_first"]][
            :5
        ]
        summary["disclosures"] = sum(r["disclosures"] for r in rounds)
    return summary


def per_round_ratio(ours: Assistant, base: Assistant, level: str, key: str) -> dict[str, Any]:
    """ours / base for each round (they ran back to back), and the median of those ratios."""
    ratios = [o[key] / b[key] for o, b in zip(ours.rounds[level], base.rounds[level], strict=True)]
    return {
        "median": round(statistics.median(ratios), 2),
        "lowest": round(min(ratios), 2),
        "highest": round(max(ratios), 2),
    }


def ratios(by_key: dict[str, Assistant]) -> dict[str, Any]:
    one, two = by_key["ours_one_server"], by_key["ours_two_servers"]
    same, bare = by_key["bare_rasa_same_store"], by_key["bare_rasa_starter"]
    report: dict[str, Any] = {}
    for level in ("1", "10"):
        for key in ("median_ms", "p95_ms"):
            report[f"one_server_vs_same_store_{key}_at_{level}"] = per_round_ratio(
                one, same, level, key
            )
    report["one_server_vs_same_store_messages_per_second_at_10"] = per_round_ratio(
        one, same, "10", "messages_per_second"
    )
    report["one_server_vs_bare_p95_ms_at_10"] = per_round_ratio(one, bare, "10", "p95_ms")
    report["two_servers_vs_one_messages_per_second_at_50"] = per_round_ratio(
        two, one, "50", "messages_per_second"
    )
    return report


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        assistants = start_all(Path(folder), stack)
        print("every assistant is up; they take turns:", flush=True)
        take_turns(assistants)
    by_key = {a.key: a for a in assistants}
    report: dict[str, Any] = {
        "what": "REST turns of multi-turn conversations, many at once (bot/scaleout/loadtest.py)",
        "levels": {k: f"{v} conversations, {k} at a time" for k, v in LEVELS.items()},
        "rounds": ROUNDS,
        "order": [a.key for a in assistants],
    }
    for assistant in assistants:
        report[assistant.key] = {
            "title": assistant.title,
            **assistant.extra,
            "levels": {level: level_summary(r) for level, r in assistant.rounds.items()},
            "each_round": assistant.rounds,
        }
    report["ratios"] = ratios(by_key)
    report |= {
        "cores": os.cpu_count(),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    out = PROJECT_ROOT / "reports" / "bench_load.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report["ratios"], indent=2))


if __name__ == "__main__":
    main()
