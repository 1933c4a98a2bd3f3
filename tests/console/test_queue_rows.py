"""Each row of the queue tells a busy DSL what they need to choose what to open first: the
school's name, the first words of the message (to staff of that school only, escaped, and
never in the audit log), the severity, who holds it and how long it has waited."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.console.models import AuditEntry, StaffAccount
from bot.console.preview import preview
from bot.db import session_scope
from tests.console.conftest import Console, _claimed, _escalation

ROWLEY, PALFREY = "rowley-hills-academy", "palfrey-park-primary"
LONG = (
    "my stepdad shouts at me every night and last week he locked me out of the house until "
    "midnight and i had nowhere to go"
)


def _row(page: str, escalation_id: str) -> str:
    match = re.search(rf'<tr[^>]*data-escalation-id="{escalation_id}".*?</tr>', page, re.S)
    assert match, f"no row for {escalation_id}"
    return match.group(0)


def _claimed_by(console: Console, email: str) -> str:
    """A long message at Rowley Hills, claimed by the account with this email."""
    case = _escalation(ROWLEY, LONG, 12, "medium")
    with session_scope(console.sessions) as session:
        holder = session.scalar(select(StaffAccount.id).where(StaffAccount.email == email))
        session.add(case)
        session.flush()
        session.add(_claimed(case.id, holder, 0))
    return case.id


def test_the_first_words_are_cut_at_a_word_on_one_line() -> None:
    assert preview("  help   me\nplease ") == "help me please"
    cut = preview(LONG)
    assert len(cut) <= 81 and cut.endswith("…")
    assert LONG.startswith(cut[:-1])
    assert LONG[len(cut) - 1] == " "  # no word cut in half
    assert preview(None) == ""


def test_a_row_shows_the_school_the_first_words_the_claimant_and_the_wait(
    console: Console, client_as
) -> None:
    claimed = _claimed_by(console, "pastoral.rowley@example.org")
    for path in ("/console/", "/console/queue/panel"):
        page = client_as("dsl.rowley@example.org").get(path).get_data(as_text=True)
        row = _row(page, claimed)
        assert "Rowley Hills Academy" in row and ROWLEY not in row  # its name, not its slug
        assert f"<q>{preview(LONG)}</q>" in row
        assert "until midnight" not in row  # the first words only: the rest is in the case
        assert "pastoral.rowley" in row  # the fixture accounts' names
        assert 'class="badge sev-medium">medium<' in row
        assert "waited 12 min before a claim" in row
        waiting = _row(page, console.escalations[ROWLEY])
        assert "nobody yet" in waiting and "waiting 30 min" in waiting


def test_the_first_words_are_escaped(console: Console, client_as) -> None:
    page = client_as("pastoral.rowley@example.org").get("/console/").get_data(as_text=True)
    row = _row(page, console.escalations[ROWLEY])
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in row
    assert "<script>" not in row and "<b>bold" not in row


def test_another_schools_staff_never_see_the_first_words(console: Console, client_as) -> None:
    secret = "my uncle touches me and says its our secret"
    for email in ("pastoral.rowley@example.org", "dsl.rowley@example.org"):
        client = client_as(email)
        for path in ("/console/", "/console/queue/panel", f"/console/?school={PALFREY}&status=all"):
            assert secret not in client.get(path).get_data(as_text=True), (email, path)
    admin = client_as("admin@example.org")
    assert "its our secret" not in admin.get("/console/queue/panel").get_data(as_text=True)
    # Palfrey Park's own staff and the trust's DSL do see it.
    for email in ("pastoral.palfrey@example.org", "trust.dsl@example.org"):
        page = client_as(email).get("/console/").get_data(as_text=True)
        assert f"<q>{secret}</q>" in page, email


def test_the_first_words_never_reach_the_audit_log(console: Console, client_as) -> None:
    client = client_as("trust.dsl@example.org")
    client.get("/console/")
    client.get("/console/queue/panel")
    client.get(f"/console/?school={ROWLEY}&category=physical_abuse&status=all")
    with console.sessions() as session:
        details = [str(e.detail) for e in session.scalars(select(AuditEntry))]
    assert details and not any("hits me" in d or "secret" in d for d in details)
