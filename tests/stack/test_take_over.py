"""Claiming a case someone else holds takes a confirmation and is audited as a take-over:
the console against the running assistant (its Rasa server holds the conversation)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.console.accounts import create_account
from bot.console.case import Case
from bot.console.models import AuditEntry, Casework, StaffAccount
from bot.db import make_engine, make_session_factory, session_scope
from bot.safeguarding.models import Escalation
from bot.stack import Stack
from bot.web.app import WebSettings, create_app
from tests.console.conftest import PASSWORD, csrf_token, log_in
from tests.stack.conftest import Chat, customs

pytestmark = pytest.mark.servers

SCHOOL = "rowley-hills-academy"


def test_a_claimed_case_is_taken_over_only_when_confirmed(stack: Stack) -> None:
    sessions = make_session_factory(make_engine(stack.database_url))
    tag = uuid.uuid4().hex[:8]
    first, second = f"first-{tag}@example.org", f"second-{tag}@example.org"
    with session_scope(sessions) as session:
        for email, role in ((first, "pastoral"), (second, "pastoral")):
            create_account(
                session, email=email, name=email.split("@")[0], role=role, password=PASSWORD,
                school_slug=SCHOOL, now=datetime.now(timezone.utc),
            )  # fmt: skip
    chat = Chat(stack, {"school": SCHOOL, "audience": "pupil"})
    case_id = customs(chat.say("my brother hits me every night"), "handoff")[0]["escalation_id"]
    app = create_app(WebSettings(stack.database_url, stack.rasa_url, stack.token, uuid.uuid4().hex))

    def staff(email: str) -> FlaskClient:
        client = app.test_client()
        client.environ_base["wsgi.url_scheme"] = "https"
        assert log_in(client, email) == 302
        return client

    def claim(client: FlaskClient, **form: str) -> str:
        page = f"/console/escalations/{case_id}"
        token = csrf_token(client, page)
        client.post(f"{page}/claim", data={"csrf_token": token, **form})
        return client.get(page).get_data(as_text=True)

    def holder() -> int | None:
        with sessions() as session:
            return Case(session.get(Escalation, case_id), session.get(Casework, case_id)).claimed_by

    def account_id(email: str) -> int:
        with sessions() as session:
            return session.scalar(select(StaffAccount.id).where(StaffAccount.email == email))

    one, two = staff(first), staff(second)
    assert "You have claimed this conversation." in claim(one)
    assert holder() == account_id(first)
    page = claim(two)  # no confirmation: nothing changes, and the page says why
    assert "Confirm to take the conversation over" in page
    assert "Take over the conversation" in page
    assert holder() == account_id(first)
    page = claim(two, take_over="yes")
    assert f"You have taken over the conversation from {first.split('@')[0]}." in page
    assert holder() == account_id(second)
    url = f"/console/escalations/{case_id}"
    two.post(f"{url}/hand-back", data={"csrf_token": csrf_token(two, url)})
    page = two.get(url).get_data(as_text=True)
    assert "Handed back: the assistant answers the person again." in page
    with sessions() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.escalation_id == case_id).order_by(AuditEntry.id)
        ).all()
    moves = [(e.action, e.detail) for e in entries if e.action in ("claim", "take_over")]
    assert moves == [("claim", {}), ("take_over", {"from": account_id(first)})]
