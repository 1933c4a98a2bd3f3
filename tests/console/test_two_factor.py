"""Two-step log-in for the accounts that read or manage safeguarding records: enrolment on
first log-in, a code every time, each code once, recovery codes once each."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pyotp
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.console import two_factor
from bot.console.accounts import MAX_FAILURES
from bot.console.models import AuditEntry, StaffAccount
from tests.console.conftest import PASSWORD, TOTP_SECRET, Console, csrf_token, log_in


def https_client(console: Console) -> FlaskClient:
    client = console.app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    return client


def password_step(client: FlaskClient, email: str) -> str:
    response = client.post(
        "/console/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302
    return response.location


def send_code(client: FlaskClient, path: str, code: str) -> int:
    data = {"code": code, "csrf_token": csrf_token(client, path)}
    return client.post(path, data=data).status_code


def test_the_first_log_in_links_an_authenticator_and_shows_recovery_codes_once(
    console: Console,
) -> None:
    with console.sessions() as session:
        session.scalar(
            select(StaffAccount).where(StaffAccount.email == "dsl.palfrey@example.org")
        ).totp_secret = None
        session.commit()
    client = https_client(console)
    assert password_step(client, "dsl.palfrey@example.org").endswith("/console/login/enrol")
    assert client.get("/console/").status_code == 302, "no console before the second step"
    page = client.get("/console/login/enrol").get_data(as_text=True)
    secret = re.search(r"data-secret>([A-Z2-7]+)<", page).group(1)
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn in the page
    assert send_code(client, "/console/login/enrol", "000000") == 401
    response = client.post(
        "/console/login/enrol",
        data={
            "code": pyotp.TOTP(secret).now(),
            "csrf_token": csrf_token(client, "/console/login/enrol"),
        },
    )
    codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", response.get_data(as_text=True))
    assert response.status_code == 200 and len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/console/").status_code == 200
    with console.sessions() as session:
        account = session.scalar(
            select(StaffAccount).where(StaffAccount.email == "dsl.palfrey@example.org")
        )
        assert account.totp_secret == secret
        assert codes[0] not in str(account.recovery_codes)  # kept only as hashes
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.actor_id == account.id)
        )
        assert "two_factor_enrolled" in list(actions)


def test_a_password_alone_never_opens_a_dsl_account(console: Console) -> None:
    client = https_client(console)
    assert password_step(client, "dsl.rowley@example.org").endswith("/console/login/code")
    assert client.get("/console/").status_code == 302
    assert send_code(client, "/console/login/code", "123456") == 401
    totp = pyotp.TOTP(TOTP_SECRET)
    code = totp.now()
    assert send_code(client, "/console/login/code", code) == 302
    assert client.get("/console/").status_code == 200
    # The same code again, by someone who saw it: refused.
    other = https_client(console)
    password_step(other, "dsl.rowley@example.org")
    assert send_code(other, "/console/login/code", code) == 401


def test_pastoral_staff_log_in_with_a_password(console: Console) -> None:
    client = https_client(console)
    assert password_step(client, "pastoral.rowley@example.org").endswith("/console/")
    assert client.get("/console/").status_code == 200


def test_a_recovery_code_works_once(console: Console) -> None:
    codes = two_factor.new_recovery_codes()
    with console.sessions() as session:
        account = session.scalar(
            select(StaffAccount).where(StaffAccount.email == "trust.dsl@example.org")
        )
        account.recovery_codes = [two_factor.hashed(c) for c in codes]
        session.commit()
    first = https_client(console)
    password_step(first, "trust.dsl@example.org")
    assert send_code(first, "/console/login/code", codes[3].upper()) == 302
    second = https_client(console)
    password_step(second, "trust.dsl@example.org")
    assert send_code(second, "/console/login/code", codes[3]) == 401
    with console.sessions() as session:
        account = session.scalar(
            select(StaffAccount).where(StaffAccount.email == "trust.dsl@example.org")
        )
        assert len(account.recovery_codes) == 9


def test_wrong_codes_lock_the_account_like_wrong_passwords(console: Console) -> None:
    client = https_client(console)
    password_step(client, "admin@example.org")
    statuses = [send_code(client, "/console/login/code", "000000") for _ in range(MAX_FAILURES)]
    assert statuses[:-1] == [401] * (MAX_FAILURES - 1) and statuses[-1] == 302  # to log in
    assert log_in(https_client(console), "admin@example.org") == 401  # locked now


def test_codes_of_a_nearby_step_work_once_and_others_never() -> None:
    secret = two_factor.new_secret()
    totp = pyotp.TOTP(secret)
    now = datetime(2026, 12, 3, 15, 0, 10, tzinfo=timezone.utc)
    step = totp.timecode(now)
    assert two_factor.matching_step(secret, totp.generate_otp(step), None, now) == step
    assert two_factor.matching_step(secret, totp.generate_otp(step - 1), None, now) == step - 1
    assert two_factor.matching_step(secret, totp.generate_otp(step), step, now) is None
    assert two_factor.matching_step(secret, totp.generate_otp(step + 1), step, now) == step + 1
    later = now + timedelta(minutes=5)
    assert two_factor.matching_step(secret, totp.generate_otp(step), None, later) is None
    for junk in ("", "12345", "abcdef", "1234567"):
        assert two_factor.matching_step(secret, junk, None, now) is None
