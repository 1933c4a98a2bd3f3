"""Every step staff take says on the page what it did, in a region a screen reader announces
(role="status"), or why it could not (role="alert"), once. Claiming, replying, handing back
and taking over need the assistant: tests/stack/test_console_browser.py and
tests/stack/test_take_over.py see their messages against the running stack."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.console.conftest import Console, csrf_token

ROWLEY = "rowley-hills-academy"


def _post(client: FlaskClient, case_id: str, step: str, **form: object) -> str:
    page = f"/console/escalations/{case_id}"
    response = client.post(f"{page}/{step}", data={"csrf_token": csrf_token(client, page), **form})
    assert response.status_code == 302
    assert response.location.endswith(f"{page}#done")  # back to where the forms are
    return client.get(page).get_data(as_text=True)


def _said(page: str, role: str) -> list[str]:
    """The messages in the page's status or alert region, by the conversation's forms."""
    done = page.split('<div class="flashes" id="done" tabindex="-1">', 1)[1]
    region = re.search(rf'<div role="{role}" data-announce>(.*?)</div>', done, re.S)
    assert region, f"no {role} region"
    return re.findall(r'<p class="flash \w+">(.*?)</p>', region.group(1))


def test_a_note_says_it_was_saved_once(console: Console, client_as) -> None:
    client = client_as("pastoral.rowley@example.org")
    case_id = console.escalations[ROWLEY]
    page = _post(client, case_id, "notes", text="Mum rang the office at 9.")
    assert _said(page, "status") == ["Note saved. Staff only: the person never sees it."]
    assert _said(page, "alert") == []
    assert "Mum rang the office" in page  # in the notes, where it belongs
    again = client.get(f"/console/escalations/{case_id}").get_data(as_text=True)
    assert _said(again, "status") == []  # said once, not every time the page opens


def test_a_step_that_cannot_be_done_says_why(console: Console, client_as) -> None:
    client = client_as("pastoral.rowley@example.org")
    case_id = console.escalations[ROWLEY]
    page = _post(client, case_id, "notes", text="   ")
    assert _said(page, "alert") == ["Write something first."]
    assert _said(page, "status") == []
    page = _post(client, case_id, "reply", text="hello")
    assert _said(page, "alert") == ["Claim the conversation before you reply."]
    # Rasa is not running here: the claim is not made, and the page says so.
    page = _post(client, case_id, "claim")
    assert _said(page, "alert") == ["The assistant could not be reached; try again."]
    assert "Claim and reply" in page


def test_resolving_says_what_was_recorded(console: Console, client_as) -> None:
    client = client_as("dsl.rowley@example.org")
    case_id = console.escalations[ROWLEY]
    page = _post(
        client, case_id, "resolve",
        outcome="monitoring", categories=["physical_abuse"], note="Seen by the DSL today.",
    )  # fmt: skip
    assert _said(page, "status") == [
        "Resolved: Monitoring in school. The outcome note is in the record and the chronology."
    ]


def test_other_pages_say_what_was_done_at_the_top(console: Console, client_as) -> None:
    admin = client_as("admin@example.org")
    token = csrf_token(admin, "/console/accounts")
    response = admin.post("/console/accounts/1/unlock", data={"csrf_token": token})
    assert response.status_code == 302
    page = admin.get("/console/accounts").get_data(as_text=True)
    top = page.split("<main", 1)[1].split("<h1>", 1)[0]
    assert '<div role="status" data-announce><p class="flash success">Unlocked' in top
