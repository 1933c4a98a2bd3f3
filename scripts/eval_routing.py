"""Held-out questions through the running assistant's REST channel (issue 19).

Starts the real Rasa and action servers on free loopback ports over a fresh seeded SQLite
file, sends each question of tests/held_out_questions/ as the first message of its own
conversation (from a parent, pupil or staff member of a demo school), reads the kind of
answer from the reply's cards and writes reports/eval_routing.json: the share answered the
right way by file and by route, the confusions as counts, and for the everyday job
descriptions the share with the right role in the top three. Never the misses' words:
reading them would tune on them. Run with `make eval`.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from typing import Any

import requests
import yaml

from bot.config import PROJECT_ROOT
from bot.evaluation import careers_roles, route_of
from bot.measure import share, write_report
from bot.stack import stack_on_fresh_sqlite

HELD_OUT = PROJECT_ROOT / "tests" / "held_out_questions"
# The sets, each measured apart: the first (parents, pupils, mixed) was measured before and
# after the first change and its confusions guided the second; 2026-12b was written before
# the second change and never tuned on; 2026-12f (routing only) was written before the third
# and never tuned on; 2026-12g (job descriptions only) was written before the roles' second
# round of everyday words and never tuned on; 2026-12h (routing only, heavy on out-of-scope
# asks) was written before the out-of-scope change of 2026-12-06 and never tuned on;
# 2026-12i (job descriptions only) was written before that change's revision, never tuned on;
# 2026-12j (routing only, long forum-style posts) was written before the afternoon's change.
# 2026-12g was never read, but its drop under the first try of that change decided the
# revision (see the README), so 2026-12i is the set that judges it. 2026-12k is a
# development set whose misses were read (2026-12-06, evening); 2026-12l (routing and job
# descriptions) was written before that evening's change and never tuned on. 2026-12m (job
# descriptions, one for each role) is a development set whose misses were read (2026-12-07);
# 2026-12n (job descriptions) was written before that day's change and never tuned on;
# 2026-12o (job descriptions, one for each role) was written before the afternoon's change;
# 2026-12p (routing, heavy on jobs outside health) was written before the evening's change;
# 2026-12q (routing, the same) was written before the night's change. 2026-12r (routing and
# job descriptions, many told through why the family met the worker) was written before the
# change of the night of 2026-12-07/08. 2026-12s (care asked of NHS workers beside careers
# questions naming them; job descriptions told through a family's illness) is a development
# set whose misses were read that night.
SETS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "2026-12": (("parents.yml", "pupils.yml", "mixed.yml"), "job_descriptions.yml"),
    "2026-12b": (("2026-12b/questions.yml",), "2026-12b/job_descriptions.yml"),
    "2026-12f": (("2026-12f/questions.yml",), None),
    "2026-12g": ((), "2026-12g/job_descriptions.yml"),
    "2026-12h": (("2026-12h/questions.yml",), None),
    "2026-12i": ((), "2026-12i/job_descriptions.yml"),
    "2026-12j": (("2026-12j/questions.yml",), None),
    "2026-12k": (("2026-12k/questions.yml",), "2026-12k/job_descriptions.yml"),
    "2026-12l": (("2026-12l/questions.yml",), "2026-12l/job_descriptions.yml"),
    "2026-12m": ((), "2026-12m/job_descriptions.yml"),
    "2026-12n": ((), "2026-12n/job_descriptions.yml"),
    "2026-12o": ((), "2026-12o/job_descriptions.yml"),
    "2026-12p": (("2026-12p/questions.yml",), None),
    "2026-12q": (("2026-12q/questions.yml",), None),
    "2026-12r": (("2026-12r/questions.yml",), "2026-12r/job_descriptions.yml"),
    "2026-12s": (("2026-12s/questions.yml",), "2026-12s/job_descriptions.yml"),
}
NEVER_TUNED_ON = [
    "2026-12b",
    "2026-12f",
    "2026-12g",
    "2026-12h",
    "2026-12i",
    "2026-12j",
    "2026-12l",
    "2026-12n",
    "2026-12o",
    "2026-12p",
    "2026-12q",
    "2026-12r",
]
SCHOOL = "rowley-hills-academy"  # a demo secondary school: pupils' careers questions fit it
OUT = PROJECT_ROOT / "reports" / "eval_routing.json"


def audience(who: str) -> str:
    return (
        "pupil"
        if who == "pupil"
        else "staff"
        if who in ("teacher", "teaching_assistant", "pastoral_mentor")
        else "parent"
    )


def ask(http: requests.Session, rasa_url: str, sender: str, text: str, who: str) -> list[dict]:
    body = {
        "sender": sender,
        "message": text,
        "metadata": {"school": SCHOOL, "audience": audience(who)},
    }
    response = http.post(f"{rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
    response.raise_for_status()
    return list(response.json())


def conversation(kind: str, file: str, n: int) -> str:
    """A new conversation for each question: the sender id, from the file and the row."""
    return f"{kind}-{file.replace('/', '-').removesuffix('.yml')}-{n}"


def routing(http: requests.Session, rasa_url: str, files: tuple[str, ...]) -> dict[str, Any]:
    by_file: dict[str, Any] = {}
    by_route: dict[str, list[int]] = {}
    confusions: Counter[str] = Counter()
    right_all = total = 0
    for name in files:
        questions = yaml.safe_load((HELD_OUT / name).read_text())["questions"]
        right = 0
        for n, question in enumerate(questions):
            got = route_of(
                ask(
                    http,
                    rasa_url,
                    conversation("route", name, n),
                    question["text"],
                    question["who"],
                )
            )
            expected = question["route"]
            ok = got == expected
            right += ok
            by_route.setdefault(expected, [0, 0])
            by_route[expected][0] += ok
            by_route[expected][1] += 1
            if not ok:
                confusions[f"{expected} -> {got}"] += 1
        by_file[name] = {"questions": len(questions), "right": share(right, len(questions))}
        right_all += right
        total += len(questions)
    return {
        "questions": total,
        "right": share(right_all, total),
        "by_file": by_file,
        "by_route": {route: share(*counts) for route, counts in sorted(by_route.items())},
        "confusions": dict(confusions.most_common()),
    }


def job_descriptions(http: requests.Session, rasa_url: str, name: str) -> dict[str, Any]:
    items = yaml.safe_load((HELD_OUT / name).read_text())["descriptions"]
    top3 = answered = 0
    for n, item in enumerate(items):
        messages = ask(http, rasa_url, conversation("job", name, n), item["text"], item["who"])
        roles = careers_roles(messages)
        answered += bool(roles)
        top3 += item["role"] in roles[:3]
    return {
        "descriptions": len(items),
        "right_role_in_top_3": share(top3, len(items)),
        "answered_with_roles": share(answered, len(items)),
    }


def main() -> None:
    with stack_on_fresh_sqlite() as stack:
        http = requests.Session()
        report = {
            "what": "held-out questions through the REST channel: the right kind of answer",
            "sets": {
                name: {
                    **({"routing": routing(http, stack.rasa_url, files)} if files else {}),
                    **(
                        {"job_descriptions": job_descriptions(http, stack.rasa_url, jobs)}
                        if jobs
                        else {}
                    ),
                }
                for name, (files, jobs) in SETS.items()
            },
            "never_tuned_on": NEVER_TUNED_ON,
            "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
    write_report(OUT, report)


if __name__ == "__main__":
    main()
