"""The real assistant: Rasa server, action server, console and alert sender on free loopback
ports, over a seeded SQLite file, with postcodes.io unreachable (as on this machine) and a
real SMTP server on loopback receiving the safeguarding team's alerts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import socketio

from bot.config import DATA_DIR
from bot.console.seed import seed_schools
from bot.db import make_engine, make_session_factory, session_scope
from bot.directory.seed import migrate_and_seed
from bot.stack import MEASURING_ENV, MODEL_PATH, Stack
from tests.mailbox import Mailbox


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """The schools' mail server: every alert email the stack sends arrives here."""
    with Mailbox() as box:
        yield box


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox) -> Iterator[Stack]:
    if not MODEL_PATH.exists():
        pytest.fail("no trained model: run `make test`, which trains it first")
    work: Path = tmp_path_factory.mktemp("stack")
    url = f"sqlite:///{work / 'signpost.db'}"
    migrate_and_seed(url, DATA_DIR)
    with session_scope(make_session_factory(make_engine(url))) as session:
        seed_schools(session, DATA_DIR)
    # As for measuring: postcodes.io is "down" (port 9 on loopback, where nothing listens),
    # and no per-address limit, since every test's conversations come from one address
    # faster than any class would type (CI once had the corpus test's traps refused with
    # 429). The address limit is tested on the gate itself (tests/channels/test_gate.py); the
    # per-conversation limit stays, and test_intake.py sends it a flood.
    running = Stack.on_free_ports(
        url, work / "logs", {**MEASURING_ENV, "SIGNPOST_SMTP_URL": mailbox.url}
    )
    with running:
        yield running


class Chat:
    """One person talking to the REST channel."""

    def __init__(self, stack: Stack, metadata: dict | None = None) -> None:
        self.stack = stack
        self.sender = f"test-{uuid.uuid4().hex[:12]}"
        self.metadata = metadata or {}

    def say(self, text: str) -> list[dict]:
        response = requests.post(
            f"{self.stack.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text, "metadata": self.metadata},
            timeout=60,
        )
        assert response.status_code == 200, response.text[:300]
        return response.json()

    def tracker(self) -> dict:
        response = requests.get(
            f"{self.stack.rasa_url}/conversations/{self.sender}/tracker",
            params={"token": self.stack.token},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def user_texts(self) -> list[str]:
        return [e.get("text") for e in self.tracker()["events"] if e["event"] == "user"]


@pytest.fixture
def chat(stack: Stack) -> Chat:
    return Chat(stack)


def customs(messages: list[dict], kind: str) -> list[dict]:
    return [
        m["custom"]
        for m in messages
        if isinstance(m.get("custom"), dict) and m["custom"].get("type") == kind
    ]


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def hang_up(client: socketio.Client) -> None:
    """Close a chat window's socket at once. A polling client's disconnect() waits for the
    long poll in flight to end, up to the server's 25-second ping interval, in every test."""
    client.eio.disconnect(abort=True)
