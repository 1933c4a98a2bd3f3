"""A school database with the demo trust's teams, an escalation store writing to it, a real
SMTP server and a real webhook receiver on loopback, and a sender built on real settings."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.alerts.sender import AlertSender
from bot.config import DATA_DIR, Settings
from bot.console.seed import seed_schools
from bot.db import make_engine, make_session_factory, session_scope, upgrade
from bot.safeguarding.detector import Finding, Match
from bot.safeguarding.escalations import EscalationStore, NewEscalation
from tests.mailbox import Mailbox

SECRET_WORDS = "my stepdad hit me with a belt zqxjk"
HIGH = Finding((Match("physical_abuse", "high", "hit me", "hit me", 11, 17),))
MEDIUM = Finding((Match("online_harm", "medium", "hacked", "hacked", 0, 6),))
WEBHOOK_SECRET = "a shared secret for the tests"


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'signpost.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        seed_schools(session, DATA_DIR)
    yield factory
    engine.dispose()


@pytest.fixture
def store(sessions: sessionmaker[Session], tmp_path: Path) -> EscalationStore:
    return EscalationStore(sessions, tmp_path / "spool")


def escalate(
    store: EscalationStore,
    school: str | None = "rowley-hills-academy",
    finding: Finding = HIGH,
    status: str = "new",
) -> str:
    escalation = NewEscalation.from_finding(
        finding, conversation_id="c-alerts", school=school, audience="pupil",
        message=SECRET_WORDS, now=datetime.now(timezone.utc), status=status,
    )  # fmt: skip
    assert store.record(escalation)
    return escalation.id


def settings_for(**changes: object) -> Settings:
    base = dataclasses.replace(
        Settings.from_env(),
        smtp_url=None, alert_webhook_url=None, console_url="https://console.example.org",
        alert_ladder="", alert_retry_s=0.2, alert_poll_s=0.1,
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with Mailbox() as box:
        yield box


def sender_for(sessions: sessionmaker[Session], **changes: object) -> AlertSender:
    return AlertSender(settings_for(**changes), sessions)


class WebhookReceiver:
    """Takes POSTs and keeps those whose signature checks out with the shared secret."""

    def __init__(self, secret: str) -> None:
        self.received: list[dict] = []
        self.rejected = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stamp = self.headers.get("X-Signpost-Timestamp", "")
                expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
                given = self.headers.get("X-Signpost-Signature", "")
                if hmac.compare_digest(given, f"sha256={expected.hexdigest()}"):
                    owner.received.append(json.loads(body))
                    self.send_response(204)
                else:
                    owner.rejected += 1
                    self.send_response(401)
                self.end_headers()

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(WEBHOOK_SECRET)
    yield receiver
    receiver.close()
