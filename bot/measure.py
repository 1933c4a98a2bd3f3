"""Small statistics for the benchmarks and evaluations in scripts/: percentiles, a median/p95
summary, shares, how busy the machine's cores were, and the report each writes under
reports/."""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank value at fraction `q` (0..1) of the sorted values.

    One of the measured values, never an interpolation between two, so a reported p95 is a
    time that really happened.
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 1:
        raise ValueError(f"q must be between 0 and 1, not {q}")
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def summary_ms(values: Sequence[float]) -> dict[str, float]:
    """Median and 95th percentile of timings already in milliseconds, to 0.1 ms."""
    return {
        "median_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
    }


def share(right: int, of: int) -> float:
    """right / of to four places; 0 when there is nothing to count."""
    return round(right / of, 4) if of else 0.0


def processor_ticks(stat: Path = Path("/proc/stat")) -> tuple[int, int]:
    """The whole machine's (busy, all) processor time so far, in clock ticks (Linux).

    Busy is everything but idle and waiting for the disk, over every process: servers,
    database and load generator alike.
    """
    fields = [int(v) for v in stat.read_text().splitlines()[0].split()[1:]]
    # user nice system idle iowait irq softirq steal guest guest_nice: guest time is
    # already inside user and nice, so it is left out of the sum.
    total = sum(fields[:8])
    return total - fields[3] - fields[4], total


def busy_cores(before: tuple[int, int], after: tuple[int, int], cores: int) -> float:
    """How many of the cores were busy, on average, between two `processor_ticks` readings."""
    busy, total = after[0] - before[0], after[1] - before[1]
    return round(cores * busy / total, 2) if total else 0.0


# What a process is, from words in its command line; the first that matches names it. The
# load generator is the measuring process itself.
PROCESS_KINDS = (
    ("Rasa servers", ("bot.rasa_server", "rasa run")),
    ("action servers", ("bot.action_server", "rasa_sdk")),
    ("PostgreSQL", ("postgres",)),
    ("nginx", ("nginx",)),
    ("Redis", ("redis-server",)),
)
LOAD_GENERATOR = "load generator"


def process_kind(command_line: str) -> str:
    """The kind of process a command line names (`PROCESS_KINDS`), or "other"."""
    for kind, words in PROCESS_KINDS:
        if any(word in command_line for word in words):
            return kind
    return "other"


def ticks_by_process(proc: Path = Path("/proc")) -> dict[int, tuple[str, int]]:
    """Every process's kind and processor time so far (user + system), in clock ticks."""
    found: dict[int, tuple[str, int]] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            raw_command_line = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # ended while being read, or not ours to read
        # The command name in brackets may hold spaces: fields count from its closing one.
        fields = stat[stat.rindex(")") + 2 :].split()
        pid = int(entry.name)
        command_line = raw_command_line.replace(b"\0", b" ").decode(errors="replace")
        kind = LOAD_GENERATOR if pid == os.getpid() else process_kind(command_line)
        found[pid] = (kind, int(fields[11]) + int(fields[12]))
    return found


def busy_ms_by_kind(
    before: dict[int, tuple[str, int]], after: dict[int, tuple[str, int]], messages: int
) -> dict[str, float]:
    """Processor milliseconds a message each kind of process spent between two
    `ticks_by_process` readings, busiest first. A process that started in between counts
    from nothing; one that ended in between is missed (ticks are 10 ms on Linux, so a
    round of hundreds of messages reads to well under a millisecond a message)."""
    milliseconds_a_tick = 1000 / os.sysconf("SC_CLK_TCK")
    spent: dict[str, float] = {}
    for pid, (kind, ticks) in after.items():
        earlier = before.get(pid, (kind, 0))[1]
        spent[kind] = spent.get(kind, 0.0) + (ticks - earlier) * milliseconds_a_tick
    per_message = {
        kind: round(ms / messages, 1) for kind, ms in spent.items() if messages and ms > 0
    }
    return busiest_first(per_message)


def busiest_first(ms_by_kind: dict[str, float]) -> dict[str, float]:
    """The same times, the largest first (the order reports and the README list them in)."""
    return dict(sorted(ms_by_kind.items(), key=lambda item: item[1], reverse=True))


def write_report(path: Path, report: dict[str, Any]) -> None:
    """The report as the README's figures read it (reports/*.json), and on the screen."""
    text = json.dumps(report, indent=2) + "\n"
    path.write_text(text)
    print(text, end="")
