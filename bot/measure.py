"""Small statistics for the benchmarks and evaluations in scripts/: percentiles, a median/p95
summary, shares, how busy the machine's cores were, and the report each writes under
reports/."""

from __future__ import annotations

import json
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


def write_report(path: Path, report: dict[str, Any]) -> None:
    """The report as the README's figures read it (reports/*.json), and on the screen."""
    text = json.dumps(report, indent=2) + "\n"
    path.write_text(text)
    print(text, end="")
