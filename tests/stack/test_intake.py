"""What the running assistant does with requests it cannot take: a 4xx with a reason, the
crisis card (and the escalation) when the words show risk, and no words in any log."""

from __future__ import annotations

import stat
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from bot.channels.intake import MAX_MESSAGE_CHARS
from bot.stack import Stack
from tests.stack.conftest import customs
from tests.stack.test_safeguarding import escalations

# Words that appear nowhere else: after these tests, no log may hold them.
DISCLOSURE = "my uncle Barnabus hits me with a cable when mum is at work"
ORDINARY = "where can I get help with my son's asthma inhaler near Leeds"


def webhook(stack: Stack) -> str:
    return f"{stack.rasa_url}/webhooks/rest/webhook"


def test_a_body_that_is_not_a_json_object_is_refused_with_a_reason(stack: Stack) -> None:
    for raw in (b"[1, 2, 3]", b"null", b"not json at all", b"\xff\xfe"):
        response = requests.post(
            webhook(stack), data=raw, headers={"Content-Type": "application/json"}, timeout=30
        )
        assert response.status_code == 400, raw
        assert "JSON object" in response.json()["error"]


def test_no_sender_is_refused_but_a_disclosure_still_gets_the_crisis_card(stack: Stack) -> None:
    ordinary = requests.post(webhook(stack), json={"message": ORDINARY}, timeout=30)
    assert ordinary.status_code == 400
    assert "sender" in ordinary.json()["error"] and ordinary.json()["messages"] == []
    disclosure = requests.post(
        webhook(stack), json={"message": DISCLOSURE, "metadata": {"audience": "pupil"}}, timeout=30
    )
    assert disclosure.status_code == 400
    [card] = customs(disclosure.json()["messages"], "crisis_card")
    assert card["audience"] == "child" and card["contacts"]


def test_two_clients_without_a_sender_never_share_a_conversation(stack: Stack) -> None:
    for _ in range(2):
        response = requests.post(webhook(stack), json={"message": ORDINARY}, timeout=30)
        assert response.status_code == 400
    tracker = requests.get(
        f"{stack.rasa_url}/conversations/default/tracker", params={"token": stack.token}, timeout=30
    )
    assert not [e for e in tracker.json().get("events", []) if e["event"] == "user"]


def test_a_huge_message_is_refused_at_once_while_an_ordinary_one_is_answered(
    stack: Stack,
) -> None:
    huge = {"sender": f"huge-{uuid.uuid4().hex[:8]}", "message": "a" * 1_000_000}

    def send_huge() -> tuple[int, float]:
        started = time.monotonic()
        response = requests.post(webhook(stack), json=huge, timeout=60)
        return response.status_code, time.monotonic() - started

    def send_ordinary() -> tuple[int, float]:
        time.sleep(0.2)  # while the huge ones are on their way
        started = time.monotonic()
        body = {"sender": f"ordinary-{uuid.uuid4().hex[:8]}", "message": ORDINARY}
        response = requests.post(webhook(stack), json=body, timeout=60)
        return response.status_code, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=4) as pool:
        huge_sent = [pool.submit(send_huge) for _ in range(3)]
        ordinary = pool.submit(send_ordinary).result()
        refused = [future.result() for future in huge_sent]
    assert all(status == 413 and seconds < 5 for status, seconds in refused), refused
    assert ordinary[0] == 200 and ordinary[1] < 3, ordinary


def test_a_disclosure_refused_for_its_length_is_still_handed_off(stack: Stack) -> None:
    sender = f"long-{uuid.uuid4().hex[:8]}"
    padding = "We went to the park and then had tea at my nan's house. " * 200
    message = padding + DISCLOSURE
    assert MAX_MESSAGE_CHARS < len(message) < 60_000
    response = requests.post(
        webhook(stack), json={"sender": sender, "message": message}, timeout=60
    )
    assert response.status_code == 413
    body = response.json()
    assert "too long" in body["error"]
    [handoff] = customs(body["messages"], "handoff")
    assert customs(body["messages"], "crisis_card")
    [row] = escalations(stack, sender)
    assert row["id"] == handoff["escalation_id"] and row["status"] == "new"


def test_too_many_messages_are_refused_but_a_disclosure_is_always_taken(stack: Stack) -> None:
    sender = f"fast-{uuid.uuid4().hex[:8]}"

    def send(text: str) -> requests.Response:
        return requests.post(webhook(stack), json={"sender": sender, "message": text}, timeout=60)

    # Sixty at once in one conversation, then a disclosure while it is being refused.
    with ThreadPoolExecutor(max_workers=30) as pool:
        responses = list(pool.map(send, ["hello"] * 60 + [DISCLOSURE]))
    *hellos, disclosure = responses
    refused = [r for r in hellos if r.status_code == 429]
    assert len(refused) >= 10 and {r.status_code for r in hellos} == {200, 429}
    assert "too many" in refused[0].json()["error"]
    assert disclosure.status_code == 200
    assert customs(disclosure.json(), "handoff")


def test_no_log_holds_the_words_and_only_their_owner_can_read_them(stack: Stack) -> None:
    # After every test above (and the others in this session so far), with failures among
    # them: the refused requests, the broken bodies, the huge and the long messages.
    logs = sorted(stack.run_dir.glob("*.log"))
    assert {log.name for log in logs} >= {"rasa.log", "actions.log", "web.log"}
    for log in logs:
        written = log.read_text(errors="replace")
        for words in ("Barnabus", "asthma inhaler near Leeds", "nan's house"):
            assert words not in written, (log.name, words)
        assert stat.S_IMODE(log.stat().st_mode) == 0o600, log.name
    assert "refused with 413" in (stack.run_dir / "rasa.log").read_text()
