"""REST round trip of a topic question through the running assistant (median and p95).

Starts the real Rasa and action servers on free loopback ports over a fresh seeded SQLite
file, sends one topic question per conversation (the first turn is the one a parent waits
for), and writes reports/bench_rest.json. Run with `make bench`.
"""

from __future__ import annotations

import platform
import time
from datetime import datetime, timezone

import requests

from bot.config import PROJECT_ROOT
from bot.measure import summary_ms, write_report
from bot.stack import stack_on_fresh_sqlite

QUESTIONS = [
    "where can i get a spacer for my son",
    "we cant pay the electric bill",
    "my daughter is anxious about school",
    "how do i become a paramedic",
    "is there a food bank near me",
    "does the gp do asthma reviews",
    "who can help with council tax arrears",
    "camhs waiting list is so long",
]
WARMUP = 10
ROUNDS = 200


def main() -> None:
    # No internet here, and one machine plays every family (MEASURING_ENV: postcodes.io
    # unreachable, no per-address limit, which would count them all as one).
    with stack_on_fresh_sqlite() as stack:
        http = requests.Session()
        endpoint = f"{stack.rasa_url}/webhooks/rest/webhook"
        timings: list[float] = []
        for n in range(WARMUP + ROUNDS):
            body = {"sender": f"bench-{n}", "message": QUESTIONS[n % len(QUESTIONS)]}
            started = time.perf_counter()
            response = http.post(endpoint, json=body, timeout=60)
            elapsed_ms = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            if n >= WARMUP:
                timings.append(elapsed_ms)
    report = {
        "what": "REST round trip of a topic question (first turn of a new conversation)",
        "rounds": ROUNDS,
        **summary_ms(timings),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    out = PROJECT_ROOT / "reports" / "bench_rest.json"
    write_report(out, report)


if __name__ == "__main__":
    main()
