"""A console on a real SQLite file: the demo trust's schools, one account per role, and
escalations at two schools. Rasa is not running here (the transcript falls back to what the
escalation holds); the browser test runs the whole stack."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session, sessionmaker

from bot.config import DATA_DIR
from bot.console import two_factor
from bot.console.accounts import create_account
from bot.console.models import Casework
from bot.console.seed import seed_schools
from bot.db import session_scope
from bot.safeguarding.models import Escalation
from bot.web.app import WebSettings, create_app
from tests.conftest import seeded_database

PASSWORD = "correct horse battery staple"
# The authenticator of every fixture account that needs two-step log-in (DSLs, admins).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
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


def _claimed(escalation_id: str, by: int | None, minutes_ago: float) -> Casework:
    """The casework row of an escalation claimed `minutes_ago` by the account `by`."""
    return Casework(
        escalation_id=escalation_id,
        state="claimed",
        claimed_by=by,
        claimed_at=datetime.now(timezone.utc) - timedelta(minutes=minutes_ago),
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
            account = create_account(
                session, email=email, name=email.split("@")[0], role=role,
                password=PASSWORD, school_slug=school, now=now,
            )  # fmt: skip
            if two_factor.required(role):
                account.totp_secret = TOTP_SECRET
        for school, message, minutes, severity in [
            ("rowley-hills-academy", HOSTILE, 30, "high"),
            ("palfrey-park-primary", "my uncle touches me and says its our secret", 5, "critical"),
        ]:
            case = _escalation(school, message, minutes, severity)
            session.add(case)
            ids[school] = case.id
    settings = WebSettings(
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


# The last time step each account's code was given in (a code works once): (app, email).
_last_step: dict[tuple[int, str], int] = {}


def authenticator_code(app: Flask, email: str) -> str:
    """What the account holder's phone shows: a code of a step not used yet (the current
    one, or the next while the clock allows), as a person who logs in twice would wait."""
    totp = pyotp.TOTP(TOTP_SECRET)
    current = totp.timecode(datetime.now(timezone.utc))
    step = max(current - 1, _last_step.get((id(app), email), current - 2) + 1)
    if step > current + 1:
        raise RuntimeError(f"{email} logged in more than three times in 30 s: use another")
    _last_step[(id(app), email)] = step
    return totp.generate_otp(step)


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> int:
    """Log in as a person would: the password, then (where asked) the authenticator's code.
    The status of the last step: 302 when logged in."""
    token = csrf_token(client)
    response = client.post(
        "/console/login", data={"email": email, "password": password, "csrf_token": token}
    )
    if response.status_code == 302 and response.location.endswith("/console/login/enrol"):
        raise AssertionError(f"{email} has no authenticator yet: it would enrol first")
    if response.status_code != 302 or not response.location.endswith("/console/login/code"):
        return response.status_code
    code = authenticator_code(client.application, email)
    response = client.post(
        "/console/login/code",
        data={"code": code, "csrf_token": csrf_token(client, "/console/login/code")},
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


@pytest.fixture
def live(console: Console):  # type: ignore[no-untyped-def]
    """The console's app served on loopback for a real browser (tests/console/live.py)."""
    from tests.console.live import served

    with served(console.app) as base:
        yield base


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium (tests/console/live.py)."""
    from tests.console.live import chromium

    with chromium() as launched:
        yield launched
