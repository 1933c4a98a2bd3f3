"""Hold many conversations at once through the REST channel, then check the record.

`run_load` plays the scripts (bot/scaleout/conversations.py) as concurrent conversations,
turn after turn as a person would, and times every message. `check_record` then reads what
the servers kept, from the tracker store and the escalation table themselves, and lists
every conversation that lost, doubled or reordered a message, or whose disclosure was not
escalated exactly once.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import requests
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.measure import summary_ms
from bot.scaleout.conversations import Script


@dataclass
class Turn:
    text: str
    replies: list[dict[str, Any]]
    latency_ms: float
    served_by: str  # which Rasa server nginx chose (its address), or "" without nginx


@dataclass
class Played:
    sender: str
    script: Script
    turns: list[Turn] = field(default_factory=list)
    error: str | None = None


@dataclass
class LoadResult:
    conversations: list[Played]
    concurrency: int
    seconds: float

    @property
    def latencies_ms(self) -> list[float]:
        return [t.latency_ms for c in self.conversations for t in c.turns]

    @property
    def errors(self) -> list[str]:
        return [f"{c.sender}: {c.error}" for c in self.conversations if c.error]

    def summary(self) -> dict[str, Any]:
        latencies = self.latencies_ms
        servers = Counter(t.served_by for c in self.conversations for t in c.turns)
        return {
            "concurrent_conversations": self.concurrency,
            "conversations": len(self.conversations),
            "messages": len(latencies),
            "errors": len(self.errors),
            "seconds": round(self.seconds, 2),
            "messages_per_second": round(len(latencies) / self.seconds, 1),
            **summary_ms(latencies),
            "messages_per_server": dict(sorted(servers.items())) if any(servers) else {},
        }


def _play(http: requests.Session, endpoint: str, played: Played, timeout: float) -> None:
    metadata = {"audience": played.script.audience}
    if played.script.school:
        metadata["school"] = played.script.school
    for message in played.script.turns:
        body = {"sender": played.sender, "message": message, "metadata": metadata}
        started = time.perf_counter()
        try:
            response = http.post(endpoint, json=body, timeout=timeout)
            response.raise_for_status()
            replies = response.json()
        except (requests.RequestException, ValueError) as error:
            # The message text stays out of the error: results are printed and kept.
            played.error = f"turn {len(played.turns) + 1}: {type(error).__name__}: {error}"
            return
        elapsed_ms = (time.perf_counter() - started) * 1000
        served_by = response.headers.get("X-Served-By", "")
        played.turns.append(Turn(message, replies, elapsed_ms, served_by))


def run_load(
    base_url: str,
    scripts: tuple[Script, ...],
    *,
    conversations: int,
    concurrency: int,
    run_id: str | None = None,
    timeout: float = 120.0,
) -> LoadResult:
    """Play `conversations` conversations, `concurrency` of them at any moment; each takes
    the next script in turn, under a sender id of its own."""
    run_id = run_id or uuid.uuid4().hex[:8]
    endpoint = f"{base_url}/webhooks/rest/webhook"
    played = [
        Played(f"load-{run_id}-{n:04d}", scripts[n % len(scripts)]) for n in range(conversations)
    ]
    local = threading.local()

    def play(conversation: Played) -> None:
        if not hasattr(local, "http"):  # one connection pool per worker thread
            local.http = requests.Session()
        _play(local.http, endpoint, conversation, timeout)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(play, played))
    return LoadResult(played, concurrency, time.perf_counter() - started)


def _handoff_ids(replies: list[dict[str, Any]]) -> list[str]:
    return [
        r["custom"]["escalation_id"]
        for r in replies
        if isinstance(r.get("custom"), dict) and r["custom"].get("type") == "handoff"
    ]


def _tracker_turns(engine: Engine, sender: str) -> list[tuple[str, list[tuple[str, Any]]]]:
    """The conversation as the tracker store holds it, cut into turns: each user message
    with the events that followed it until the next one, in the order they were stored."""
    query = text(
        "SELECT type_name, action_name, data FROM events WHERE sender_id = :sender ORDER BY id"
    )
    turns: list[tuple[str, list[tuple[str, Any]]]] = []
    with engine.connect() as connection:
        for type_name, action_name, data in connection.execute(query, {"sender": sender}):
            if type_name == "user":
                turns.append((json.loads(data).get("text") or "", []))
            elif turns:
                turns[-1][1].append((type_name, action_name))
    return turns


def _escalations(engine: Engine, sender: str) -> list[tuple[str, int]]:
    query = text(
        "SELECT e.id, (SELECT count(*) FROM escalation_message m WHERE m.escalation_id = e.id) "
        "FROM escalation e WHERE e.conversation_id = :sender"
    )
    with engine.connect() as connection:
        return [(row[0], int(row[1])) for row in connection.execute(query, {"sender": sender})]


def check_conversation(engine: Engine, played: Played) -> list[str]:
    """Everything wrong with one conversation's record; empty when it is whole."""
    problems = [played.error] if played.error else []
    sent = [t.text for t in played.turns]
    stored = _tracker_turns(engine, played.sender)
    if [message for message, _events in stored] != sent:
        problems.append(
            f"tracker holds {len(stored)} user messages for {len(sent)} sent, or in another order"
        )
    for number, ((_message, events), turn) in enumerate(
        zip(stored, played.turns, strict=False), start=1
    ):
        listens = sum(1 for kind, action in events if action == "action_listen")
        if listens != 1 or not events or events[-1][1] != "action_listen":
            problems.append(f"turn {number} handled {listens} times (or cut short)")
        # Rasa's REST channel may split one stored bot event (text and buttons, say) into
        # several messages, so a turn is checked for having replies at all, not how many.
        answered = any(kind == "bot" for kind, _ in events)
        if answered != bool(turn.replies):
            problems.append(f"turn {number}: replies stored and replies received disagree")
    problems += _check_escalation(engine, played)
    return [f"{played.sender} ({played.script.name}): {p}" for p in problems]


def _check_escalation(engine: Engine, played: Played) -> list[str]:
    escalations = _escalations(engine, played.sender)
    disclosure = played.script.disclosure_turn
    handed_off = [(n, i) for n, t in enumerate(played.turns) for i in _handoff_ids(t.replies)]
    if disclosure is None:
        if escalations or handed_off:
            return [f"{len(escalations)} escalations where none was expected"]
        return []
    if len(escalations) != 1:
        return [f"disclosure escalated {len(escalations)} times, not once"]
    escalation_id, follow_ups = escalations[0]
    problems = []
    if handed_off != [(disclosure, escalation_id)]:
        problems.append("the hand-off reply did not come once, at the disclosure, with its id")
    if follow_ups != len(played.turns) - disclosure - 1:
        problems.append(f"{follow_ups} follow-ups stored after the disclosure")
    return problems


def check_record(engine: Engine, result: LoadResult) -> list[str]:
    """Every problem with every conversation of the run, read back from the database."""
    return [p for played in result.conversations for p in check_conversation(engine, played)]
