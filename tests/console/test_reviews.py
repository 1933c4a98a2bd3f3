"""Check-ins (the assistant was unsure) wait for staff under their own heading."""

from __future__ import annotations

from bot.db import session_scope
from bot.safeguarding.models import Escalation
from tests.console.conftest import Console, _escalation

ROWLEY = "rowley-hills-academy"


def _review(console: Console) -> str:
    case = _escalation(ROWLEY, "nobody would notice if i wasnt here", 10, "high")
    case.status = "review"
    case.categories = ["suicide"]
    with session_scope(console.sessions) as session:
        session.add(case)
    return case.id


def test_a_check_in_is_listed_apart_from_the_hand_offs(console: Console, client_as) -> None:
    review = _review(console)
    page = client_as("dsl.rowley@example.org").get("/console/").get_data(as_text=True)
    hand_offs, reviews = page.split('<h2 id="reviews">')
    assert console.escalations[ROWLEY] in hand_offs and review not in hand_offs
    assert review in reviews and "Check-ins to review" in reviews
    assert 'data-count="review">1<' in page


def test_a_check_in_explains_itself_and_can_be_listed_alone(console: Console, client_as) -> None:
    review = _review(console)
    client = client_as("dsl.rowley@example.org")
    page = client.get(f"/console/escalations/{review}").get_data(as_text=True)
    assert "A check-in" in page and "nobody would notice" in page
    # Staff can filter the queue to reviews alone.
    only = client.get("/console/?status=review").get_data(as_text=True)
    listed = only.split('<p class="counts">', 1)[1]  # below the DSL's figures for the week
    assert review in listed and console.escalations[ROWLEY] not in listed
    with session_scope(console.sessions) as session:
        assert session.get(Escalation, review).status == "review"


def test_another_schools_check_in_stays_hidden(console: Console, client_as) -> None:
    review = _review(console)
    page = client_as("pastoral.palfrey@example.org").get("/console/").get_data(as_text=True)
    assert review not in page
    assert (
        client_as("pastoral.palfrey@example.org").get(f"/console/escalations/{review}").status_code
        == 404
    )
