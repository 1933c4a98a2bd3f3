"""The console's directory page: sources, services gone stale, feed terms with no topic."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.config import DATA_DIR
from bot.console.models import AuditEntry
from bot.db import session_scope
from bot.directory.models import Service
from bot.directory.openreferral.feeds import JsonFileFeed
from bot.directory.openreferral.importer import Importer
from bot.directory.openreferral.topic_map import TopicMap
from tests.console.conftest import Console
from tests.directory.feed_server import FIXTURES

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)
# The council fixture's records with gaps (tests/directory/test_feed_quality.py has them all).
FORUM = "3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1f2a05"
HOLIDAY_KITCHEN = "3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1f2a04"
DROP_IN = "3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1f2a02"


def test_admins_see_stale_services_sources_and_unmapped_terms(console: Console, client_as) -> None:
    feed = JsonFileFeed(FIXTURES / "council_feed" / "services.json")
    long_ago = datetime.now(timezone.utc) - timedelta(days=400)
    assert Importer(console.sessions, TopicMap.from_file(DATA_DIR)).run(feed, long_ago).ok
    with session_scope(console.sessions) as session:
        session.get(Service, "childline").last_checked = long_ago

    page = client_as("admin@example.org").get("/console/directory?days=365")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Not checked for 365 days or more (6)" in html  # five from the feed, Childline
    assert 'data-service="childline"' in html and "Caldmore Breathe Easy Club" in html
    assert "seed data" in html and str(feed.label) in html
    assert "Volunteering opportunities" in html  # a feed term no rule maps to a topic
    assert "Brookmere service types / asthma-support" not in html  # that one maps

    fresh = client_as("trust.dsl@example.org").get("/console/directory?days=1000")
    assert "Every active service was checked" in fresh.get_data(as_text=True)
    with console.sessions() as session:
        views = session.scalars(select(AuditEntry).where(AuditEntry.action == "view_directory"))
        assert [v.detail["days"] for v in views] == [365, 1000]


def test_school_staff_cannot_see_the_directory_page(console: Console, client_as) -> None:
    for email in ("pastoral.rowley@example.org", "dsl.rowley@example.org"):
        assert client_as(email).get("/console/directory").status_code == 404


def test_any_number_of_days_is_read_within_ten_years(console: Console, client_as) -> None:
    admin = client_as("admin@example.org")
    for asked, read in (("1000000000", 3650), ("-5", 1), ("soon", None), ("1e9", None)):
        page = admin.get(f"/console/directory?days={asked}")
        assert page.status_code == 200, asked
        if read is not None:
            assert f"Not checked for {read} days or more" in page.get_data(as_text=True)


def test_the_page_shows_each_feed_s_shares_and_worst_records(console: Console, client_as) -> None:
    """The same report the import prints (bot/directory/openreferral/quality.py), per feed."""
    feed = JsonFileFeed(FIXTURES / "council_feed" / "services.json")
    assert Importer(console.sessions, TopicMap.from_file(DATA_DIR)).run(feed, NOW).ok

    page = client_as("admin@example.org").get("/console/directory")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Data quality by feed" in html
    [section] = re.findall(
        r'<section class="quality"[^>]*data-feed="([^"]+)"(.*?)</section>', html, re.S
    )
    assert section[0] == feed.label  # one section: seed data is ours, not a feed
    shares = dict(
        re.findall(r'data-check="(\w+)"><td>[^<]+</td><td class="count">([^<]+)</td>', section[1])
    )
    assert shares == {
        "id": "5 of 5", "contact": "4 of 5", "place": "3 of 5", "hours": "3 of 5",
        "ages": "3 of 5", "topic": "4 of 5", "reviewed": "3 of 5",
    }  # fmt: skip
    assert '<td class="share">80%</td>' in section[1]
    assert "Records with gaps (3)" in section[1]
    worst = re.findall(
        r'data-service="([^"]+)">.*?<td data-label="Missing">([^<]+)</td>', section[1]
    )
    assert worst == [
        (FORUM, "place, opening times, ages, topic, review date"),
        (HOLIDAY_KITCHEN, "contact, place, opening times, review date"),
        (DROP_IN, "ages"),
    ]


def test_with_no_feed_imported_the_page_says_so(console: Console, client_as) -> None:
    html = client_as("trust.dsl@example.org").get("/console/directory").get_data(as_text=True)
    assert "No feed imported yet." in html
