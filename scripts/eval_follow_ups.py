"""Held-out follow-up questions through the running assistant (issue 19, point 5).

Starts the real Rasa and action servers on free loopback ports over a fresh seeded SQLite
file. Each question of the held-out follow-up sets (tests/held_out_questions/2026-12c and
2026-12d, follow_ups.yml) gets a conversation of its own: a topic question with a postcode
first (three services listed), then the follow-up. Whether the reply answers about the listed
services, or about a service the question names that the directory holds ("whats
stepchanges number" after mental health services), is read from its text (any action may
send that answer); else the action Rasa chose is read from the conversation's tracker. For
a question answered about the services, whether the answer reads the detail asked for (the
day, now, evenings or weekends, nearest, cost, age, contact). Writes
reports/eval_follow_ups.json: shares and confusions as counts, never the questions' words.
Run with `make eval`.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timezone
from typing import Any

import requests
import yaml

from bot.config import PROJECT_ROOT
from bot.directory.follow_up import Ask, read_follow_up
from bot.measure import share, write_report
from bot.stack import Stack, stack_on_fresh_sqlite

HELD_OUT = PROJECT_ROOT / "tests" / "held_out_questions"
# The seed files of the directory the evaluation's assistant answers from.
DIRECTORY = PROJECT_ROOT / "data" / "directory"
# 2026-12c was measured first, and its counts by kind led to reading a topic question or a
# message not understood as a follow-up when it points back at the list; 2026-12d was
# written during that change, before any measurement, and never tuned on.
SETS = ("2026-12c", "2026-12d")
OUT = PROJECT_ROOT / "reports" / "eval_follow_ups.json"
# The first message of every conversation: services near a Walsall postcode to ask about.
OPENER = "my son has been really anxious lately, is there any help near WS1 1TP"
# What a follow-up should get: an answer about the listed services.
ABOUT = "about the listed services"
# The action each kind of message should get.
ACTION_OF_ROUTE = {
    "asthma": "action_search_services",
    "debt": "action_search_services",
    "mental_health": "action_search_services",
    "provide_location": "action_search_services",
    "careers": "action_careers",
    "school_admin": "action_school_contact",
    "thanks": "utter_you_are_welcome",
    "goodbye": "utter_goodbye",
}
# The detail each kind asks for, as the follow-up reader names it.
ASKS_OF_KIND = {
    "open_on_day": {Ask.OPEN_ON_DAY},
    "open_now": {Ask.OPEN_NOW},
    "evenings_weekends": {Ask.EVENINGS, Ask.WEEKENDS},
    "nearest": {Ask.NEAREST},
    "cost": {Ask.COST},
    "age": {Ask.AGE},
    "phone": {Ask.CONTACT},
}


def expected_action(question: dict[str, Any]) -> str:
    if question["kind"] == "more":
        return "action_more_services"
    if question["kind"] == "not_follow_up":
        return ACTION_OF_ROUTE[question["route"]]
    return ABOUT


def send(http: requests.Session, stack: Stack, sender: str, text: str) -> list[dict]:
    body = {"sender": sender, "message": text, "metadata": {"audience": "parent"}}
    response = http.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
    response.raise_for_status()
    return list(response.json())


def listed_names(messages: list[dict]) -> tuple[str, ...]:
    return tuple(
        service["name"]
        for m in messages
        if isinstance(m.get("custom"), dict) and m["custom"].get("type") == "services"
        for service in m["custom"]["services"]
    )


def directory_names() -> list[tuple[str, str | None]]:
    """(name, short name) of every service in the seed files."""
    names = []
    for path in sorted(DIRECTORY.glob("*.yml")):
        for entry in (yaml.safe_load(path.read_text()) or {}).get("services") or []:
            names.append((str(entry["name"]), entry.get("alternate_name")))
    return names


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w+]", " ", text.lower().replace("’", "").replace("'", "")).split())


def named_in_question(text: str, directory: list[tuple[str, str | None]]) -> tuple[str, ...]:
    """The directory's services the question calls by their name or short name, whatever
    the case ("whats stepchanges number"): an answer about them answers it too."""
    plain = _plain(text)
    return tuple(
        name
        for name, short in directory
        if any(
            re.search(rf"\b{re.escape(_plain(said))}s?\b", plain) for said in (name, short) if said
        )
    )


def about_listed(messages: list[dict], names: tuple[str, ...]) -> bool:
    """Whether the reply answers about the services listed before (or named), whichever
    action sent it (a follow-up taken for a topic question is answered about them too):
    every line speaks of one of them by name, or says which is nearest, and no new page is
    listed."""
    lines = [line for m in messages for line in (m.get("text") or "").splitlines() if line]
    openings = (*names, "Nearest: ", "Tell me your postcode or town and I'll say", "None of")
    return bool(names and lines) and all(line.startswith(openings) for line in lines)


def last_action(http: requests.Session, stack: Stack, sender: str) -> str:
    """The last action Rasa ran before listening again: what answered the message."""
    response = http.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.token},
        timeout=30,
    )
    response.raise_for_status()
    actions = [
        e["name"]
        for e in response.json()["events"]
        if e["event"] == "action" and e["name"] not in ("action_listen", None)
    ]
    return actions[-1] if actions else "none"


def detail_read(question: dict[str, Any], now: datetime) -> bool:
    """Whether the follow-up reader found the detail asked for (and the day or age said)."""
    read = read_follow_up(question["text"], now)
    if not ASKS_OF_KIND[question["kind"]] & set(read.asks):
        return False
    if question["kind"] == "open_on_day" and question.get("day") not in (None, "relative"):
        return question["day"] in read.days
    if question["kind"] == "age" and question.get("age") is not None:
        return read.age == question["age"]
    return True


def evaluate(http: requests.Session, stack: Stack, name: str) -> dict[str, Any]:
    questions = yaml.safe_load((HELD_OUT / name / "follow_ups.yml").read_text())["questions"]
    now = datetime.now(timezone.utc)
    by_kind: dict[str, list[int]] = {}
    confusions: Counter[str] = Counter()
    details = [0, 0]
    directory = directory_names()
    for n, question in enumerate(questions):
        sender = f"follow-up-{name}-{n}"
        listed = listed_names(send(http, stack, sender, OPENER))
        names = listed + named_in_question(question["text"], directory)
        reply = send(http, stack, sender, question["text"])
        action = last_action(http, stack, sender)
        got = ABOUT if about_listed(reply, names) else action
        wanted = expected_action(question)
        by_kind.setdefault(question["kind"], [0, 0])
        by_kind[question["kind"]][0] += got == wanted
        by_kind[question["kind"]][1] += 1
        if got != wanted:
            confusions[f"{question['kind']} -> {got}"] += 1
        if wanted == ABOUT and got == ABOUT:
            details[0] += detail_read(question, now)
            details[1] += 1
    right = sum(counts[0] for counts in by_kind.values())
    return {
        "questions": len(questions),
        "right_action": share(right, len(questions)),
        "by_kind": {kind: share(*counts) for kind, counts in sorted(by_kind.items())},
        "confusions": dict(confusions.most_common()),
        "answered_about_the_services": details[1],
        "detail_read_right": share(*details),
    }


def main() -> None:
    with stack_on_fresh_sqlite() as stack:
        report = {
            "what": "held-out follow-ups about listed services, through the REST channel",
            "sets": {name: evaluate(requests.Session(), stack, name) for name in SETS},
            "never_tuned_on": "2026-12d",
            "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
    write_report(OUT, report)


if __name__ == "__main__":
    main()
