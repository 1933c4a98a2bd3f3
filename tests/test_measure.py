import json
import os
import time
from pathlib import Path

import pytest

from bot.measure import busy_cores, percentile, processor_ticks, share, summary_ms, write_report


def test_percentile_picks_a_measured_value_by_nearest_rank() -> None:
    values = [float(n) for n in range(100, 0, -1)]  # 100 .. 1, unsorted on purpose
    assert percentile(values, 0.0) == 1.0
    assert percentile(values, 1.0) == 100.0
    assert percentile(values, 0.5) == 51.0  # index round(49.5) = 50 of 1..100
    assert percentile(values, 0.95) == 95.0  # index round(94.05) = 94
    assert percentile([7.0], 0.95) == 7.0


def test_percentile_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        percentile([], 0.5)
    with pytest.raises(ValueError):
        percentile([1.0, 2.0], 95)


def test_summary_ms_rounds_the_median_and_p95() -> None:
    # Of 20 sorted timings the p95 is the one at index round(18.05) = 18, the 19th: two slow
    # timings show in it, a single one does not.
    assert summary_ms([10.04] * 18 + [250.0] * 2) == {"median_ms": 10.0, "p95_ms": 250.0}
    assert summary_ms([10.04] * 19 + [250.0]) == {"median_ms": 10.0, "p95_ms": 10.0}


def test_share_is_a_fraction_to_four_places_and_zero_of_nothing() -> None:
    assert share(2, 3) == 0.6667
    assert share(0, 0) == 0.0


def test_a_report_is_written_as_json_and_read_back_whole(tmp_path: Path, capsys) -> None:
    report = {"what": "a bench", "median_ms": 12.5, "sets": {"2026-12d": 0.687}}
    write_report(tmp_path / "bench.json", report)
    assert json.loads((tmp_path / "bench.json").read_text()) == report
    assert json.loads(capsys.readouterr().out) == report


def test_busy_cores_reads_the_machines_processor_time(tmp_path: Path) -> None:
    # /proc/stat's first line: user nice system idle iowait irq softirq steal guest guest_nice.
    stat = tmp_path / "stat"
    stat.write_text("cpu  100 0 50 800 50 0 0 0 30 0\ncpu0 1 2 3\n")
    before = processor_ticks(stat)
    assert before == (150, 1000)  # guest time is inside user already
    stat.write_text("cpu  400 0 150 1000 150 0 0 0 90 0\ncpu0 1 2 3\n")
    after = processor_ticks(stat)
    # 400 busy ticks of 700: on two cores, 1.14 of them busy on average.
    assert busy_cores(before, after, 2) == 1.14
    assert busy_cores(after, after, 2) == 0.0


def test_busy_cores_sees_this_process_working() -> None:
    before = processor_ticks()
    ended = time.process_time() + 0.3
    while time.process_time() < ended:
        pass
    busy = busy_cores(before, processor_ticks(), os.cpu_count() or 1)
    assert 0.5 <= busy <= (os.cpu_count() or 1)
