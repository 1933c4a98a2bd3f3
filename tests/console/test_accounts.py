"""Accounts: roles kept apart, one-time set-up links instead of passwords chosen by someone
else, passwords that guessing lists would find refused."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pyotp
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.console.models import AuditEntry, StaffAccount
from bot.console.passwords import password_problem
from tests.console.conftest import Console, csrf_token, log_in

SCHOOL = "rowley-hills-academy"


def https_client(console: Console) -> FlaskClient:
    client = console.app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    return client


def make_account(client: FlaskClient, role: str, email: str) -> tuple[int, str]:
    """Through the accounts page; the set-up link from the page shown once, or ""."""
    form = {
        "name": "New Person", "email": email, "role": role,
        "school": SCHOOL if role in ("pastoral", "dsl") else "",
        "csrf_token": csrf_token(client, "/console/accounts"),
    }  # fmt: skip
    response = client.post("/console/accounts", data=form)
    found = re.search(r"data-setup-link>([^<]+)<", response.get_data(as_text=True))
    return response.status_code, found.group(1) if found else ""


def account(console: Console, email: str) -> StaffAccount | None:
    with console.sessions() as session:
        return session.scalar(select(StaffAccount).where(StaffAccount.email == email))


def test_an_admin_cannot_make_or_touch_an_account_that_reads_cases(console: Console) -> None:
    admin = https_client(console)
    assert log_in(admin, "admin@example.org") == 302
    for role in ("dsl", "trust_dsl"):
        status, link = make_account(admin, role, f"sneaky.{role}@example.org")
        assert status == 302 and not link
        assert account(console, f"sneaky.{role}@example.org") is None
    page = admin.get("/console/accounts").get_data(as_text=True)
    assert '<option value="dsl">' not in page and '<option value="pastoral">' in page
    dsl = account(console, "dsl.rowley@example.org")
    token = csrf_token(admin, "/console/accounts")
    for action in ("unlock", "reset", "deactivate"):
        response = admin.post(f"/console/accounts/{dsl.id}/{action}", data={"csrf_token": token})
        assert response.status_code == 404, action
    assert account(console, "dsl.rowley@example.org").active


def test_a_trust_dsl_makes_a_dsl_who_sets_their_own_password_and_authenticator(
    console: Console,
) -> None:
    trust = https_client(console)
    assert log_in(trust, "trust.dsl@example.org") == 302
    status, link = make_account(trust, "dsl", "new.dsl@example.org")
    assert status == 200 and "/console/setup/" in link
    created = account(console, "new.dsl@example.org")
    assert created is not None and created.role == "dsl" and created.password_hash == ""
    path = link[link.index("/console/setup/") :]

    holder = https_client(console)
    page = holder.get(path)
    assert page.status_code == 200 and "Choose the password" in page.get_data(as_text=True)
    weak = {"password": "password1234", "confirm": "password1234"}
    weak["csrf_token"] = csrf_token(holder, path)
    refused = holder.post(path, data=weak)
    assert refused.status_code == 400
    assert "too easy to guess" in refused.get_data(as_text=True)
    chosen = "plum kettle orbit seventeen"
    form = {"password": chosen, "confirm": chosen, "csrf_token": csrf_token(holder, path)}
    response = holder.post(path, data=form)
    assert response.status_code == 302 and response.location.endswith("/console/login/enrol")
    page = holder.get("/console/login/enrol").get_data(as_text=True)
    secret = re.search(r"data-secret>([A-Z2-7]+)<", page).group(1)
    form = {
        "code": pyotp.TOTP(secret).now(),
        "csrf_token": csrf_token(holder, path="/console/login/enrol"),
    }
    assert holder.post("/console/login/enrol", data=form).status_code == 200
    assert holder.get("/console/").status_code == 200
    # The link is used up.
    assert https_client(console).get(path).status_code == 404
    with console.sessions() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert "account_created" in actions and "setup_completed" in actions


def test_a_set_up_link_expires(console: Console) -> None:
    admin = https_client(console)
    assert log_in(admin, "admin@example.org") == 302
    _status, link = make_account(admin, "pastoral", "late.starter@example.org")
    path = link[link.index("/console/setup/") :]
    with console.sessions() as session:
        late = session.scalar(
            select(StaffAccount).where(StaffAccount.email == "late.starter@example.org")
        )
        late.setup_expires_at = datetime.now(timezone.utc) - timedelta(minutes=1)
        session.commit()
    assert https_client(console).get(path).status_code == 404


def test_a_reset_ends_sessions_and_the_old_password(console: Console) -> None:
    staff = https_client(console)
    assert log_in(staff, "pastoral.palfrey@example.org") == 302
    admin = https_client(console)
    assert log_in(admin, "admin@example.org") == 302
    target = account(console, "pastoral.palfrey@example.org")
    token = csrf_token(admin, "/console/accounts")
    page = admin.post(f"/console/accounts/{target.id}/reset", data={"csrf_token": token})
    assert page.status_code == 200 and "/console/setup/" in page.get_data(as_text=True)
    assert staff.get("/console/").status_code == 302
    assert log_in(https_client(console), "pastoral.palfrey@example.org") == 401


@pytest.mark.parametrize(
    "password, ok",
    [
        ("password1234", False),
        ("short", False),
        ("qwertyuiop123", False),
        ("rowleyhills2026", False),
        ("correct horse battery staple", True),
        ("plum kettle orbit seventeen", True),
    ],
)
def test_passwords_that_guessing_lists_find_are_refused(password: str, ok: bool) -> None:
    problem = password_problem(password, ["dsl@rowleyhills.org", "Rowley Hills"])
    assert (problem is None) == ok, problem
