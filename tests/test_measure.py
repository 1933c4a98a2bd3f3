import json
import os
import time
from pathlib import Path

import pytest

from bot.measure import (
    LOAD_GENERATOR,
    busy_cores,
    busy_ms_by_kind,
    percentile,
    process_kind,
    processor_ticks,
    share,
    summary_ms,
    ticks_by_process,
    write_report,
)


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


def test_process_kinds_are_read_from_the_command_line() -> None:
    assert process_kind("/work/.venv/bin/python -m bot.rasa_server --port 5005") == "Rasa servers"
    assert process_kind("/work/.venv/bin/rasa run --enable-api") == "Rasa servers"
    assert process_kind("python -m bot.action_server --port 5055") == "action servers"
    assert process_kind("postgres: postgres test 127.0.0.1(5012) idle") == "PostgreSQL"
    assert process_kind("nginx: worker process") == "nginx"
    assert process_kind("/usr/bin/redis-server 127.0.0.1:6379") == "Redis"
    assert process_kind("/usr/lib/chromium/chromium --headless") == "other"


def write_process(proc: Path, pid: int, command: list[str], utime: int, stime: int) -> None:
    entry = proc / str(pid)
    entry.mkdir(exist_ok=True)
    # /proc/<pid>/stat: pid (comm) state, then from ppid on; utime and stime are the 14th and
    # 15th fields. The command name may hold spaces and brackets.
    rest = ["S", "1", "1", "1", "0", "-1", "4194560", "0", "0", "0", "0", str(utime), str(stime)]
    (entry / "stat").write_text(f"{pid} (py (x) thread) {' '.join(rest)} 0 0 20 0 1\n")
    (entry / "cmdline").write_bytes("\0".join(command).encode() + b"\0")


def test_busy_ms_by_kind_adds_up_each_kinds_processes(tmp_path: Path) -> None:
    proc = tmp_path / "proc"
    proc.mkdir()
    (proc / "self").mkdir()  # not a process number: skipped
    write_process(proc, 101, ["python", "-m", "bot.rasa_server"], 100, 20)
    write_process(proc, 102, ["postgres: postgres test"], 10, 10)
    write_process(proc, 103, ["postgres: postgres test"], 5, 0)
    before = ticks_by_process(proc)
    assert before[101] == ("Rasa servers", 120)
    write_process(proc, 101, ["python", "-m", "bot.rasa_server"], 300, 20)
    write_process(proc, 102, ["postgres: postgres test"], 30, 10)
    write_process(proc, 104, ["postgres: postgres test"], 0, 20)  # started in between
    ms_a_tick = 1000 / os.sysconf("SC_CLK_TCK")
    spent = busy_ms_by_kind(before, ticks_by_process(proc), messages=10)
    assert spent == {
        "Rasa servers": round(200 * ms_a_tick / 10, 1),
        "PostgreSQL": round(40 * ms_a_tick / 10, 1),  # 20 more in one, 20 in the new one
    }
    assert list(spent) == ["Rasa servers", "PostgreSQL"]  # busiest first; idle ones left out
    assert busy_ms_by_kind(before, before, messages=0) == {}


def test_the_measuring_process_is_the_load_generator() -> None:
    before = ticks_by_process()
    ended = time.process_time() + 0.3
    while time.process_time() < ended:
        pass
    spent = busy_ms_by_kind(before, ticks_by_process(), messages=1)
    assert spent[LOAD_GENERATOR] >= 200
