"""Open Referral feeds as councils publish them, from a real HTTP server on loopback into a
real SQLite file: the specification's own examples (HSDS 3.0 and 3.1), Bristol's live ORUK 3
feed, and feeds with one broken part in a service, which costs that part and not the service."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from werkzeug.serving import make_server

from bot.directory.models import Service
from bot.directory.openreferral.schema import UnsupportedVersion, schema_folder
from bot.directory.search import ServiceQuery, search_services
from bot.web.app import WebSettings, create_app
from tests.directory.feed_server import FIXTURES, FeedServer, council_records
from tests.directory.snapshot import snapshot
from tests.directory.test_openreferral_import import (
    CALDMORE_CLUB,
    MONEY_DROP_IN,
    NOW,
    WALSALL,
    empty_database,
    run_import,
    statuses,
)
from tests.loopback import LoopbackJsonServer

PUBLISHED = FIXTURES / "published"  # copies of the specification's and Bristol's, see SOURCE.md
HSDS_30_FULL = PUBLISHED / "hsds-3.0" / "service_full.json"
HSDS_31_FULL = PUBLISHED / "hsds-3.1" / "service_full.json"
BRISTOL = PUBLISHED / "bristol-oruk-3"
BRISTOL_1625 = "2a3483ea-8966-4f50-9dc3-7bafa1e5c623"
KITE_HILL = "3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1f2a03"
NAMELESS = "3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1fbad9"
NOT_AN_OBJECT = "3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1fbad8"


def load(path: Path) -> Any:
    return json.loads(path.read_text())


@pytest.fixture
def sessions(sqlite_url: str):  # type: ignore[no-untyped-def]
    return empty_database(sqlite_url)


@contextmanager
def our_api(database_url: str, closed_port_url: str) -> Iterator[str]:
    """The console's web server, whose Open Referral API serves the directory back."""
    app = create_app(
        WebSettings(database_url, closed_port_url, "token", "secret-key", secure_cookies=False)
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def copies_of_the_full_example(count: int) -> list[dict[str, Any]]:
    example = load(HSDS_30_FULL)
    records = []
    for n in range(1, count + 1):
        record = copy.deepcopy(example)
        record["id"] = f"5e7a0000-0000-4000-8000-{n:012d}"
        record["name"] = f"Community Counselling, room {n}"
        records.append(record)
    return records


def test_the_full_example_24_times_in_pages_of_5_imports_24_skips_2_and_is_served_back(
    sqlite_url: str, closed_port_url: str, monkeypatch
) -> None:
    """Issue 21's "done when"."""
    monkeypatch.setenv("POSTCODES_IO_URL", closed_port_url)
    sessions = empty_database(sqlite_url)
    good = copies_of_the_full_example(24)
    nameless = {k: v for k, v in copy.deepcopy(good[0]).items() if k != "name"}
    nameless["id"] = NAMELESS
    no_id = {k: v for k, v in copy.deepcopy(good[1]).items() if k != "id"}
    records = good[:10] + [nameless] + good[10:20] + [no_id] + good[20:]
    with FeedServer(records, version="3.0.0") as feed:
        report = run_import(sessions, feed.url, per_page=5)
        listings = [path for path in feed.requests if path.startswith("/services?")]
    assert report.ok, report.failed
    assert report.pages == 6 and len(listings) == 6  # 26 records, 5 a page
    assert "per_page=5" in listings[0] and "page=6" in listings[-1]
    assert (report.added, report.updated, report.unchanged) == (24, 0, 0)
    assert report.dropped == []
    assert dict(report.skipped) == {
        "?": "a listed service has no id",
        NAMELESS: "(record): 'name' is a required property",
    }
    assert "skipped 2" in report.summary()
    with our_api(sqlite_url, closed_port_url) as api:
        for record in good:
            served = requests.get(f"{api}/services/{record['id']}", timeout=10)
            assert served.status_code == 200, record["id"]
            assert served.json()["name"] == record["name"]
        assert requests.get(f"{api}/services/{NAMELESS}", timeout=10).status_code == 404


def test_the_3_1_example_imports_whole(sessions) -> None:
    example = load(HSDS_31_FULL)
    # Fields 3.1 added, all in the example, all checked by the 3.1 schema.
    assert example["additional_urls"] and example["capacities"]
    with FeedServer([example], version="3.1") as feed:
        report = run_import(sessions, feed.url)
    assert (report.added, report.skipped, report.dropped) == (1, [], [])
    with sessions() as session:
        service = session.get(Service, example["id"])
        assert service.name == example["name"] and service.organization is not None
        assert service.schedules and service.phones and service.service_at_locations


def test_a_feed_declaring_3_1_is_checked_with_3_1_and_one_declaring_3_0_0_with_3_0(
    sessions,
) -> None:
    """3.1 only adds tables and fields to 3.0 (and no HSDS schema forbids unknown fields), so
    the one difference a record can show is a 3.1 field the 3.0 schema does not check: a
    capacity (3.1's `service_capacity`) counting its beds in words."""
    record = load(HSDS_31_FULL)
    record["capacities"][0]["available"] = "twelve beds"
    with FeedServer([record], version="3.1") as feed:
        as_31 = run_import(sessions, feed.url)
        feed.version = "3.0.0"
        as_30 = run_import(sessions, feed.url)
    [(service_id, part)] = as_31.dropped
    assert service_id == record["id"] and part.path == ("capacities", 0)
    assert part.reason == "capacities/0/available: 'twelve beds' is not of type 'number'"
    assert as_31.added == 1 and not as_31.skipped
    # Under 3.0 a capacity is an unknown field: the record is whole, so it changed.
    assert (as_30.updated, as_30.dropped, as_30.skipped) == (1, [], [])


@pytest.mark.parametrize(
    ("declared", "folder"),
    [
        (None, "hsds-3.0-compiled"),
        ("3.0", "hsds-3.0-compiled"),
        ("3.0.0", "hsds-3.0-compiled"),
        ("3.0.1", "hsds-3.0-compiled"),
        ("HSDS-UK-3.0", "hsds-3.0-compiled"),
        ("V3", "hsds-3.0-compiled"),
        ("3.1", "hsds-3.1-compiled"),
        ("3.1.0", "hsds-3.1-compiled"),
        (" v3.1.3 ", "hsds-3.1-compiled"),
        ("HSDS-UK-1.0", "oruk-1.0"),  # Open Referral UK 1 (tests in test_openreferral_oruk_v1.py)
        ("1.0", "oruk-1.0"),
    ],
)
def test_every_way_feeds_write_3_0_and_3_1_finds_its_schema(declared, folder) -> None:
    assert schema_folder(declared) == folder


@pytest.mark.parametrize("declared", ["1.1", "3.2", "4", "latest"])
def test_an_unknown_version_is_refused_saying_what_is_read(declared) -> None:
    with pytest.raises(UnsupportedVersion) as refused:
        schema_folder(declared)
    assert repr(declared) in str(refused.value) and "3.0" in str(refused.value)
    assert "3.1" in str(refused.value)


class BristolFeed(LoopbackJsonServer):
    """Bristol's saved `/services` page as it came (its envelope says 874 services in 292
    pages; the next page answers empty), and its saved `/services/{id}`."""

    def __init__(self) -> None:
        super().__init__()
        self.listing = load(BRISTOL / "bristol-services-page1.json")
        self.full = {BRISTOL_1625: load(BRISTOL / "bristol-service-1625ip.json")}

    def route(self, path: str) -> tuple[int, Any]:
        if path == "/":
            return 200, {"version": "3.0"}  # not saved with the fixtures: ORUK 3 is HSDS 3.0
        if path.startswith("/services?"):
            if "page=1&" in path:
                return 200, self.listing
            return 200, {"contents": [], "empty": True, "size": 0, "last_page": True}
        service_id = path.removeprefix("/services/")
        listed = {s["id"]: s for s in self.listing["contents"]}
        found = self.full.get(service_id) or listed.get(service_id)
        return (200, found) if found else (404, {"error": "none"})


def test_bristol_s_live_oruk_3_feed_imports(sessions) -> None:
    with BristolFeed() as feed:
        report = run_import(sessions, feed.url)
    assert report.ok, report.failed
    assert (report.added, report.skipped) == (3, [])
    # Placecube's contact phones carry no id: each is left out, the service goes in.
    assert [(service_id, part.path) for service_id, part in report.dropped] == [
        (BRISTOL_1625, ("contacts", 0, "phones", 0)),
        (BRISTOL_1625, ("contacts", 0, "phones", 1)),
    ]
    summary = report.summary()
    assert "2 broken parts left out of 1 imported services" in summary
    assert "2 × contacts/*/phones/*: 'id' is a required property" in summary
    with sessions() as session:
        service = session.get(Service, BRISTOL_1625)
        assert service.name == "1625 Independent People" and service.status == "active"
        assert service.organization.name == "1625 Independent People"
        assert [a.name for a in service.service_areas] == ["Bristol", "South Gloucestershire"]
        # Placecube's -1 means "no age limit", not "nobody older than -1".
        assert (service.minimum_age, service.maximum_age) == (None, None)


class MixedFeed(FeedServer):
    """A council's feed where one listed service answers something that is not a record."""

    def route(self, path: str) -> tuple[int, Any]:
        if path == f"/services/{NOT_AN_OBJECT}":
            return 200, ["not", "a", "service"]
        return super().route(path)


def mixed_records() -> list[dict[str, Any]]:
    records = council_records()
    club, drop_in, kite_hill = records[0], records[1], records[2]
    club["phones"].append({"id": "b0a1c2d3-0001-4e5f-8a9b-0000000000ff", "type": "voice"})
    drop_in["schedules"].append(
        {"id": "c0a1c2d3-0002-4e5f-8a9b-0000000000ff", "freq": "WEEKLY", "wkst": "XX"}
    )
    kite_hill["service_at_locations"][0]["location"]["latitude"] = "52.59"
    nameless = {k: v for k, v in copy.deepcopy(club).items() if k != "name"}
    nameless["id"] = NAMELESS
    return records + [nameless, {"id": NOT_AN_OBJECT, "name": "Listed, then not a record"}]


def test_a_broken_part_is_left_out_and_a_service_with_no_name_is_skipped(sessions) -> None:
    with MixedFeed(mixed_records()) as feed:
        report = run_import(sessions, feed.url)
        before = snapshot(sessions)
        again = run_import(sessions, feed.url)
    assert report.ok, report.failed
    assert (report.added, report.updated) == (5, 0)
    assert dict(report.skipped) == {
        NAMELESS: "(record): 'name' is a required property",
        NOT_AN_OBJECT: "the record is not a JSON object",
    }
    dropped = {(service_id, part.path): part.reason for service_id, part in report.dropped}
    assert set(dropped) == {
        (CALDMORE_CLUB, ("phones", 1)),
        (MONEY_DROP_IN, ("schedules", 1)),
        (KITE_HILL, ("service_at_locations", 0)),
    }
    assert "'number' is a required property" in dropped[CALDMORE_CLUB, ("phones", 1)]
    assert "wkst" in dropped[MONEY_DROP_IN, ("schedules", 1)]
    assert "latitude" in dropped[KITE_HILL, ("service_at_locations", 0)]
    summary = report.summary()
    assert "skipped 2" in summary
    assert "3 broken parts left out of 3 imported services" in summary
    with sessions() as session:
        club = session.get(Service, CALDMORE_CLUB)
        assert [p.number for p in club.phones] == ["01922 496 0201"]
        drop_in = session.get(Service, MONEY_DROP_IN)
        assert [s.byday for s in drop_in.schedules] == ["MO,TH"]
        assert session.get(Service, KITE_HILL).service_at_locations == []
        debt = search_services(session, ServiceQuery("debt", NOW, origin=WALSALL))
    # Its terms were kept, so the chat still offers it.
    assert "Palfrey Money Matters Drop-in" in [found.name for found in debt.local]
    # The same feed again changes nothing but "last checked", and says the same.
    assert (again.added, again.updated, again.unchanged, again.inactivated) == (0, 0, 5, 0)
    assert len(again.dropped) == 3 and len(again.skipped) == 2
    assert snapshot(sessions) == before
    assert set(statuses(sessions).values()) == {"active"}
