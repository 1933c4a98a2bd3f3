"""The queue and the escalation page say how long each case has waited for a person, and a
DSL's queue shows the week's figures with the cases unclaimed past their time."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from bot.db import session_scope
from tests.console.conftest import Console, _claimed, _escalation

ROWLEY = "rowley-hills-academy"


def _claimed_case(console: Console) -> str:
    """A hand-off at Rowley Hills that waited two minutes before a claim, a minute ago."""
    now = datetime.now(timezone.utc)
    case = _escalation(ROWLEY, "my brother's friend hurt me", 3, "critical")
    case.created_at = now - timedelta(minutes=3, seconds=10)
    with session_scope(console.sessions) as session:
        session.add(case)
        session.flush()
        session.add(_claimed(case.id, None, 1))
    return case.id


def _row(page: str, escalation_id: str) -> str:
    match = re.search(rf'<tr[^>]*data-escalation-id="{escalation_id}".*?</tr>', page, re.S)
    assert match, f"no row for {escalation_id}"
    return match.group(0)


def test_each_row_says_how_long_it_waited_for_a_person(console: Console, client_as) -> None:
    claimed = _claimed_case(console)
    waiting = console.escalations[ROWLEY]  # a high hand-off, unclaimed for 30 minutes
    for path in ("/console/", "/console/queue/panel"):
        page = client_as("pastoral.rowley@example.org").get(path).get_data(as_text=True)
        assert "waited 2 min before a claim" in _row(page, claimed)
        row = _row(page, waiting)
        assert "waiting 30 min" in row and "past its time" in row
        assert 'data-severity="high"' in row and 'data-status="new"' in row
        assert 'data-school-name="Rowley Hills Academy"' in row
        assert "This week" not in page  # the week's figures are the DSL's


def test_a_dsls_queue_shows_the_week_and_links_what_is_past_its_time(
    console: Console, client_as
) -> None:
    _claimed_case(console)
    waiting = console.escalations[ROWLEY]
    page = client_as("dsl.rowley@example.org").get("/console/queue/panel").get_data(as_text=True)
    week = page.split('<section class="week card"', 1)[1].split("</section>", 1)[0]
    assert "median wait before a claim" in week
    assert 'data-figure="late">1<' in week
    assert f'href="/console/escalations/{waiting}"' in week
    # Only the DSL's own school: Palfrey Park's critical hand-off is not theirs.
    assert console.escalations["palfrey-park-primary"] not in week
    trust = client_as("trust.dsl@example.org").get("/console/").get_data(as_text=True)
    assert 'data-figure="late">2<' in trust


def test_the_escalation_page_says_how_long_it_has_waited(console: Console, client_as) -> None:
    client = client_as("dsl.rowley@example.org")
    page = client.get(f"/console/escalations/{console.escalations[ROWLEY]}").get_data(as_text=True)
    assert "waiting 30 min" in page and "past its time" in page
    page = client.get(f"/console/escalations/{_claimed_case(console)}").get_data(as_text=True)
    assert "waited 2 min before a claim" in page and "past its time" not in page
