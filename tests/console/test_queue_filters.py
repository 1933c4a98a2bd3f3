"""The queue's filters remember themselves for each account (for its session: a new log-in
starts with none), can be cleared in one click, and never hide an open case in silence."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.console.conftest import Console, csrf_token, log_in

ROWLEY, PALFREY = "rowley-hills-academy", "palfrey-park-primary"


def _queue(client: FlaskClient, **filters: str) -> str:
    return client.get("/console/", query_string=filters).get_data(as_text=True)


def _listed(page: str) -> str:
    """The queue's tables, below the week's figures (which filters never narrow)."""
    return page.split('<p class="counts">', 1)[1]


def test_returning_to_the_queue_brings_back_the_last_filters(console: Console, client_as) -> None:
    rowley, palfrey = console.escalations[ROWLEY], console.escalations[PALFREY]
    trust = client_as("trust.dsl@example.org")
    page = _queue(trust, school=ROWLEY, category="physical_abuse", status="all")
    assert rowley in _listed(page) and palfrey not in _listed(page)
    page = _queue(trust)  # back from a case, or the Escalations link
    assert f'<option value="{ROWLEY}" selected>' in page
    assert '<option value="physical_abuse" selected>' in page
    assert '<option value="all" selected>' in page
    assert rowley in _listed(page) and palfrey not in _listed(page)
    # The panel's refreshes ask for the same filters.
    assert f'data-refresh="/console/queue/panel?school={ROWLEY}&amp;category=physical_abuse' in page
    assert "Clear filters" in page


def test_each_account_keeps_its_own_filters(console: Console, client_as) -> None:
    rowley, palfrey = console.escalations[ROWLEY], console.escalations[PALFREY]
    trust = client_as("trust.dsl@example.org")
    _queue(trust, school=ROWLEY, category="", status="open")
    other = client_as("trust.dsl@example.org")  # the same person on another device
    page = _queue(other)
    assert rowley in _listed(page) and palfrey in _listed(page) and "Clear filters" not in page
    # Logging out and in as someone else in the same browser starts with no filters.
    token = csrf_token(trust, "/console/")
    trust.post("/console/logout", data={"csrf_token": token})
    assert log_in(trust, "pastoral.palfrey@example.org") == 302
    assert palfrey in _listed(_queue(trust))


def test_clear_filters_shows_every_open_case_again(console: Console, client_as) -> None:
    trust = client_as("trust.dsl@example.org")
    page = _queue(trust, school=ROWLEY, category="", status="open")
    assert "Clear filters" in page
    clear = "/console/?school=&amp;category=&amp;status=open"
    assert f'href="{clear}"' in page
    page = trust.get(clear.replace("&amp;", "&")).get_data(as_text=True)
    assert console.escalations[PALFREY] in _listed(page) and "Clear filters" not in page
    assert console.escalations[PALFREY] in _listed(_queue(trust))  # and that is remembered


def test_the_queue_says_how_many_open_cases_its_filters_hide(console: Console, client_as) -> None:
    trust = client_as("trust.dsl@example.org")
    page = _queue(trust, school=ROWLEY, category="", status="open")
    # Palfrey Park's critical hand-off is open, and not listed: the queue says so, and
    # keeps it (its id, school and severity, never its words) for the device's alerts.
    assert 'data-hidden-open="1"' in page and "1 open case is not shown." in page
    unlisted = page.split('<ul hidden class="unlisted">', 1)[1].split("</ul>", 1)[0]
    assert f'data-escalation-id="{console.escalations[PALFREY]}"' in unlisted
    assert 'data-severity="critical"' in unlisted and "secret" not in unlisted
    panel = trust.get(
        "/console/queue/panel", query_string={"school": ROWLEY, "category": "", "status": "open"}
    ).get_data(as_text=True)
    assert "1 open case is not shown." in panel
    page = _queue(trust, school="", category="", status="resolved")
    assert "2 open cases are not shown." in page


def test_unknown_filter_values_fall_back_to_the_defaults(console: Console, client_as) -> None:
    pastoral = client_as("pastoral.rowley@example.org")
    page = _queue(pastoral, school="x" * 500, category="<nothing>", status="'; DROP")
    assert '<option value="open" selected>' in page
    assert "&lt;nothing&gt;" not in page and "<nothing>" not in page
