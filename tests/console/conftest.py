"""A console on a real SQLite file: the demo trust's schools, one account per role, and
escalations at two schools. Rasa is not running here (the transcript falls back to what the
escalation holds); the browser test runs the whole stack."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session, sessionmaker

from bot.config import DATA_DIR
from bot.console.accounts import create_account
from bot.console.app import ConsoleSettings, create_app
from bot.console.seed import seed_schools
from bot.db import session_scope
from bot.safeguarding.models import Escalation
from tests.conftest import seeded_database

PASSWORD = "correct horse battery staple"
HOSTILE = "<script>alert('x')</script><b>bold</b> my dad hits me"


@dataclass
class Console:
    app: Flask
    sessions: sessionmaker[Session]
    escalations: dict[str, str]  # school slug -> an escalation id there


def _escalation(school: str | None, message: str, minutes_ago: int, severity: str) -> Escalation:
    return Escalation(
        id=str(uuid.uuid4()),
        school=school,
        conversation_id=f"conv-{uuid.uuid4().hex[:8]}",
        audience="pupil",
        categories=["physical_abuse"],
        severity=severity,
        message=message,
        matched_terms=["hits me"],
        status="new",
        created_at=datetime.now(timezone.utc) - timedelta(minutes=minutes_ago),
    )


@pytest.fixture
def console(tmp_path: Path, closed_port_url: str) -> Console:
    sessions = seeded_database(f"sqlite:///{tmp_path / 'console.db'}")
    now = datetime.now(timezone.utc)
    ids: dict[str, str] = {}
    with session_scope(sessions) as session:
        seed_schools(session, DATA_DIR)
        people = [
            ("pastoral.rowley@example.org", "pastoral", "rowley-hills-academy"),
            ("dsl.rowley@example.org", "dsl", "rowley-hills-academy"),
            ("pastoral.palfrey@example.org", "pastoral", "palfrey-park-primary"),
            ("dsl.palfrey@example.org", "dsl", "palfrey-park-primary"),
            ("trust.dsl@example.org", "trust_dsl", None),
            ("admin@example.org", "admin", None),
        ]
        for email, role, school in people:
            create_account(
                session, email=email, name=email.split("@")[0], role=role,
                password=PASSWORD, school_slug=school, now=now,
            )  # fmt: skip
        for school, message, minutes, severity in [
            ("rowley-hills-academy", HOSTILE, 30, "high"),
            ("palfrey-park-primary", "my uncle touches me and says its our secret", 5, "critical"),
        ]:
            case = _escalation(school, message, minutes, severity)
            session.add(case)
            ids[school] = case.id
    settings = ConsoleSettings(
        database_url=f"sqlite:///{tmp_path / 'console.db'}",
        rasa_url=closed_port_url,
        rasa_token="not-used",
        secret_key="test-secret-" + uuid.uuid4().hex,
        secure_cookies=True,
    )
    return Console(create_app(settings), sessions, ids)


def csrf_token(client: FlaskClient, path: str = "/console/login") -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> int:
    token = csrf_token(client)
    response = client.post(
        "/console/login", data={"email": email, "password": password, "csrf_token": token}
    )
    return response.status_code


@pytest.fixture
def client_as(console: Console):  # type: ignore[no-untyped-def]
    """A logged-in browser-like client for an account of the fixture (HTTPS, as deployed)."""

    def make(email: str) -> FlaskClient:
        client = console.app.test_client()
        client.environ_base["wsgi.url_scheme"] = "https"
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{abs(hash(email)) % 200 + 1}"
        assert log_in(client, email) == 302
        return client

    return make
