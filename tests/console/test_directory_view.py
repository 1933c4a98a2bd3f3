"""The console's directory page: sources, services gone stale, feed terms with no topic."""

from __future__ import annotations

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
