"""The console's security promises, each tested against the real app and a real database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.console.accounts import MAX_FAILURES
from bot.console.case import Case
from bot.console.models import AuditEntry, Casework, StaffAccount
from bot.safeguarding.models import Escalation
from tests.console.conftest import HOSTILE, PASSWORD, Console, csrf_token, log_in

ROWLEY, PALFREY = "rowley-hills-academy", "palfrey-park-primary"


def _url(rule: str, console: Console) -> str:
    return re.sub(
        r"<(?:int:)?(\w+)>",
        lambda m: {
            "escalation_id": console.escalations[ROWLEY],
            "account_id": "1",
            "token": "x" * 43,
            "slug": ROWLEY,
        }[m.group(1)],
        rule,
    )


def test_every_route_refuses_an_anonymous_request(console: Console) -> None:
    client = console.app.test_client()
    token = csrf_token(client)  # a valid token, so only the missing log-in can refuse
    checked = 0
    for rule in console.app.url_map.iter_rules():
        if rule.endpoint == "auth.setup":
            # Public by design, opened by its one-time link: an unknown token is not there.
            assert client.get(_url(rule.rule, console)).status_code == 404
            continue
        if rule.endpoint in ("static", "auth.login") or rule.endpoint.startswith(
            ("widget.", "openreferral.")
        ):
            continue  # public by design: log-in, widget, demo pages, Open Referral API
        url = _url(rule.rule, console)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": token})
            location = response.headers.get("Location", "")
            if rule.rule == "/":
                # The public API's description for programs; browsers go to the demo pages.
                assert response.get_json()["version"] == "3.0"
                page = client.get("/", headers={"Accept": "text/html"})
                assert page.headers["Location"].endswith("/demo/")
                continue
            assert response.status_code == 302 and "/console/login" in location, (method, url)
            checked += 1
    assert checked >= 14
    fetched = client.get("/console/queue/panel", headers={"X-Requested-With": "fetch"})
    assert fetched.status_code == 401


@pytest.mark.parametrize(
    "method, tail",
    [("GET", ""), ("GET", "/transcript"), ("GET", "/chronology"), ("POST", "/claim"),
     ("POST", "/notes"), ("POST", "/reply"), ("POST", "/resolve"), ("POST", "/hand-back")],
)  # fmt: skip
def test_staff_of_one_school_get_404_for_another_schools_escalation(
    console: Console, client_as, method: str, tail: str
) -> None:
    other = console.escalations[PALFREY]
    for email in ("pastoral.rowley@example.org", "dsl.rowley@example.org", "admin@example.org"):
        client = client_as(email)
        token = csrf_token(client, "/console/audit" if "admin" in email else "/console/")
        response = client.open(
            f"/console/escalations/{other}{tail}", method=method,
            data={"csrf_token": token, "text": "hello", "outcome": "monitoring"},
        )  # fmt: skip
        assert response.status_code == 404, (email, method, tail)
    with console.sessions() as session:
        case = Case(session.get(Escalation, other), session.get(Casework, other))
        assert case.status == "new" and case.claimed_by is None


def test_the_queue_shows_only_the_schools_an_account_may_see(console: Console, client_as) -> None:
    rowley, palfrey = console.escalations[ROWLEY], console.escalations[PALFREY]
    pastoral = client_as("pastoral.rowley@example.org").get("/console/").get_data(as_text=True)
    assert rowley in pastoral and palfrey not in pastoral
    trust = client_as("trust.dsl@example.org").get("/console/").get_data(as_text=True)
    assert rowley in trust and palfrey in trust
    # critical first, whatever the age (in the queue's table, below the week's figures)
    table = trust.split('<table class="queue">', 1)[1]
    assert table.index(palfrey) < table.index(rowley)
    admin = client_as("admin@example.org")
    assert admin.get(f"/console/escalations/{rowley}").status_code == 404
    assert rowley not in admin.get("/console/queue/panel").get_data(as_text=True)


def test_a_post_without_a_csrf_token_fails(console: Console, client_as) -> None:
    client = client_as("dsl.rowley@example.org")
    case = console.escalations[ROWLEY]
    response = client.post(f"/console/escalations/{case}/notes", data={"text": "note"})
    assert response.status_code == 400
    forged = client.post(
        f"/console/escalations/{case}/notes", data={"text": "note", "csrf_token": "forged"}
    )
    assert forged.status_code == 400
    with console.sessions() as session:
        notes = session.scalars(select(AuditEntry).where(AuditEntry.action == "note")).all()
        assert notes == []
    anonymous = console.app.test_client()
    assert anonymous.post("/console/login", data={"email": "a", "password": "b"}).status_code == 400


def test_a_message_holding_script_and_html_is_shown_as_text(console: Console, client_as) -> None:
    client = client_as("dsl.rowley@example.org")
    page = client.get(f"/console/escalations/{console.escalations[ROWLEY]}").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>alert" not in page and "<b>bold" not in page
    chronology = client.get(f"/console/escalations/{console.escalations[ROWLEY]}/chronology")
    assert "<script>alert" not in chronology.get_data(as_text=True)
    assert "script-src 'self'" in chronology.headers["Content-Security-Policy"]
    assert HOSTILE  # the fixture's message really holds the markup


@pytest.mark.parametrize(
    "hostile",
    ["' OR '1'='1", "x'; DROP TABLE escalation; --", '" OR 1=1 --', "%' UNION SELECT 1 --"],
)
def test_filter_fields_survive_sql_injection_strings(
    console: Console, client_as, hostile: str
) -> None:
    pastoral = client_as("pastoral.rowley@example.org")
    for params in ({"school": hostile}, {"category": hostile}, {"status": hostile}):
        for path in ("/console/", "/console/queue/panel"):
            response = pastoral.get(path, query_string=params)
            assert response.status_code == 200
            assert console.escalations[PALFREY] not in response.get_data(as_text=True)
    dsl = client_as("dsl.rowley@example.org")
    assert dsl.get("/console/audit", query_string={"action": hostile}).status_code == 200
    login = console.app.test_client()
    login.environ_base["wsgi.url_scheme"] = "https"
    assert log_in(login, hostile, hostile) == 401
    with console.sessions() as session:
        assert len(session.scalars(select(Escalation)).all()) == 2


def test_a_locked_out_account_stays_locked(console: Console) -> None:
    client = console.app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    email = "pastoral.palfrey@example.org"
    for _ in range(MAX_FAILURES):
        assert log_in(client, email, "wrong password, guessed") == 401
    assert log_in(client, email, PASSWORD) == 401  # the right password no longer opens it
    assert log_in(client, email, PASSWORD) == 401
    assert client.get("/console/").status_code == 302
    with console.sessions() as session:
        account = session.scalar(select(StaffAccount).where(StaffAccount.email == email))
        assert account.locked_until is not None
        reasons = [
            e.detail["reason"]
            for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "login_failed"))
        ]
        assert reasons.count("locked") == 3 and reasons.count("wrong") == MAX_FAILURES - 1


def test_many_attempts_from_one_address_are_throttled(console: Console) -> None:
    client = console.app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    statuses = [log_in(client, f"nobody{n}@example.org", "not a password") for n in range(21)]
    assert statuses[:20] == [401] * 20 and statuses[20] == 429


def test_the_session_cookie_is_secure_and_http_only(console: Console) -> None:
    client = console.app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    token = csrf_token(client)
    response = client.post(
        "/console/login",
        data={"email": "dsl.rowley@example.org", "password": PASSWORD, "csrf_token": token},
    )
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_roles_limit_what_staff_can_do(console: Console, client_as) -> None:
    case = console.escalations[ROWLEY]
    pastoral = client_as("pastoral.rowley@example.org")
    token = csrf_token(pastoral, "/console/")
    resolve = pastoral.post(
        f"/console/escalations/{case}/resolve",
        data={"csrf_token": token, "outcome": "monitoring", "categories": ["physical_abuse"]},
    )
    assert resolve.status_code == 403
    assert pastoral.get(f"/console/escalations/{case}/chronology").status_code == 403
    assert pastoral.get("/console/audit").status_code == 404
    assert pastoral.get("/console/accounts").status_code == 404
    assert client_as("dsl.rowley@example.org").get("/console/accounts").status_code == 404
    with console.sessions() as session:
        assert session.get(Escalation, case).status == "new"


def test_no_route_edits_or_deletes_the_audit_log(console: Console) -> None:
    for rule in console.app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert (rule.methods or set()) <= {"GET", "HEAD", "OPTIONS"}, rule.rule
