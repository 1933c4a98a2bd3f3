"""Log-in throttling counts failures only, per client address behind trusted proxies; a
session ends for good at log-out and at deactivation."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from bot.console.models import StaffAccount
from bot.proxies import trusted_proxies
from tests.console.conftest import PASSWORD, Console, csrf_token, log_in

PASTORAL = ("pastoral.rowley@example.org", "pastoral.palfrey@example.org")
STAFF = ("pastoral.rowley@example.org", "dsl.rowley@example.org", "pastoral.palfrey@example.org")


def https_client(console: Console) -> FlaskClient:
    client = console.app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    return client


def test_many_successful_log_ins_from_one_address_are_never_throttled(console: Console) -> None:
    # Behind the school's proxy all staff share one address: a busy morning, not an attack.
    for n in range(25):
        client = https_client(console)
        assert (
            log_in(client, ("pastoral.rowley@example.org", "pastoral.palfrey@example.org")[n % 2])
            == 302
        ), n
    # Failures still are: twenty wrong passwords, then even a right one waits.
    client = https_client(console)
    assert [log_in(client, f"x{n}@example.org", "guess") for n in range(20)] == [401] * 20
    assert log_in(client, STAFF[0]) == 429


def test_behind_a_trusted_proxy_each_client_address_is_counted_apart(
    console: Console, monkeypatch
) -> None:
    monkeypatch.setenv("SIGNPOST_TRUSTED_PROXIES", "10.0.0.1")
    trusted_proxies.cache_clear()
    try:
        attacker, colleague = https_client(console), https_client(console)
        for client, address in ((attacker, "198.51.100.66"), (colleague, "198.51.100.7")):
            client.environ_base["REMOTE_ADDR"] = "10.0.0.1"  # every request comes via the proxy
            client.environ_base["HTTP_X_FORWARDED_FOR"] = address
        assert [log_in(attacker, f"x{n}@example.org", "guess") for n in range(21)][-1] == 429
        assert log_in(colleague, STAFF[1]) == 302  # someone else behind the same proxy
        # An address that is not a trusted proxy cannot pick a new address for each guess.
        direct = https_client(console)
        direct.environ_base["REMOTE_ADDR"] = "203.0.113.5"
        statuses = []
        for n in range(21):
            direct.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{n}"
            statuses.append(log_in(direct, f"y{n}@example.org", "guess"))
        assert statuses[-1] == 429
    finally:
        monkeypatch.delenv("SIGNPOST_TRUSTED_PROXIES")
        trusted_proxies.cache_clear()


def _saved_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("signpost_console")
    assert cookie is not None
    return cookie.value


def test_a_cookie_saved_before_log_out_no_longer_opens_the_console(console: Console) -> None:
    client = https_client(console)
    assert log_in(client, STAFF[1]) == 302
    saved = _saved_cookie(client)
    assert client.get("/console/").status_code == 200
    token = csrf_token(client, "/console/")
    assert client.post("/console/logout", data={"csrf_token": token}).status_code == 302

    thief = https_client(console)
    thief.set_cookie("signpost_console", saved)
    assert thief.get("/console/").status_code == 302  # sent to log in
    # Logging in again works, with a new cookie.
    assert log_in(client, STAFF[1]) == 302 and client.get("/console/").status_code == 200


def test_a_deactivated_account_is_out_at_once(console: Console) -> None:
    staff = https_client(console)
    assert log_in(staff, STAFF[0]) == 302
    admin = https_client(console)
    assert log_in(admin, "admin@example.org") == 302
    with console.sessions() as session:
        account_id = session.scalar(select(StaffAccount.id).where(StaffAccount.email == STAFF[0]))
    token = csrf_token(admin, "/console/accounts")
    response = admin.post(f"/console/accounts/{account_id}/deactivate", data={"csrf_token": token})
    assert response.status_code == 302
    assert staff.get("/console/").status_code == 302
    assert log_in(https_client(console), STAFF[0], PASSWORD) == 401
