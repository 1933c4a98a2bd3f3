"""Open Referral UK 1 feeds, from a real HTTP server on loopback into a real SQLite file:
Buckinghamshire's Outpost feed as it was served, and a council's feed in ORUK 1's own field
names, paged in each envelope ORUK 1 feeds use; then answered in the chat (issue 21)."""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from bot.config import DATA_DIR
from bot.db import make_engine, make_session_factory
from bot.directory.conversation import DirectoryConversation, Turn
from bot.directory.locate import Locator
from bot.directory.models import Service
from bot.directory.needs import Needs
from bot.directory.openreferral.feeds import JsonFileFeed
from bot.directory.openreferral.importer import Importer
from bot.directory.openreferral.topic_map import TopicMap
from bot.directory.places import PlaceFinder
from bot.directory.postcodes import PostcodeLocator
from bot.directory.search import ServiceQuery, search_services
from bot.geo import GeoPoint
from tests.conftest import seeded_database
from tests.directory.feed_server import FIXTURES
from tests.directory.snapshot import snapshot
from tests.directory.test_openreferral_import import (
    NOW,
    OUTCODES,
    empty_database,
    outcode_centroid,
    run_import,
    statuses,
)
from tests.loopback import LoopbackJsonServer

V1 = FIXTURES / "oruk_v1"  # see SOURCE.md there
YOUNG_MINDS = "6c1f0e2a-7d3b-4e8a-9c51-0a1b2c3d4e01"
MONEY_SURGERY = "6c1f0e2a-7d3b-4e8a-9c51-0a1b2c3d4e02"
NAMELESS = "6c1f0e2a-7d3b-4e8a-9c51-0a1b2c3d4ebd"
CLOSED_FOR_GOOD = "6c1f0e2a-7d3b-4e8a-9c51-0a1b2c3d4ebe"
MONEY_AND_BENEFITS = "9029"  # Buckinghamshire's, at four family centres
ELMHURST = GeoPoint(51.823925, -0.811989)  # the feed's point for Elmhurst Family Centre, HP20 2DB
DARLASTON = GeoPoint(52.5702, -2.0351)


def saved(name: str) -> Any:
    return json.loads((V1 / name).read_text(encoding="utf-8-sig"))


def bucks_records() -> list[dict[str, Any]]:
    return saved("services_page_1.json")["content"] + saved("services_page_2.json")["content"]


def brookmere_records() -> list[dict[str, Any]]:
    return saved("brookmere_oruk1.json")


def listed(record: dict[str, Any]) -> dict[str, Any]:
    """What an ORUK 1 listing carries: the one-to-one fields and the organization."""
    return {key: value for key, value in record.items() if not isinstance(value, list)}


class OrukV1Feed(LoopbackJsonServer):
    """An ORUK 1 API: no `/` (as most have) unless told a version to declare; `/services` in
    Spring's page with the array named `content` or `contents`, or as a bare array; the full
    record at `/services/{id}`."""

    def __init__(
        self, records: list[dict[str, Any]], envelope: str = "content", root: str | None = None
    ) -> None:
        super().__init__()
        self.records = records
        self.envelope = envelope
        self.root = root

    def route(self, path: str) -> tuple[int, Any]:
        url = urlparse(path)
        if url.path == "/":
            return (200, {"version": self.root}) if self.root else (404, {"error": "Not Found"})
        if url.path == "/services":
            query = parse_qs(url.query)
            return 200, self.page(int(query["page"][0]), int(query["per_page"][0]))
        wanted = unquote(url.path.removeprefix("/services/"))
        found = [r for r in self.records if str(r.get("id")) == wanted]
        return (200, found[0]) if found else (404, {"error": "Not Found"})

    def page(self, number: int, per_page: int) -> Any:
        items = [listed(record) for record in self.records]
        if self.envelope == "bare":
            return items
        total_pages = max(1, math.ceil(len(items) / per_page))
        return {
            "totalElements": len(items),
            "totalPages": total_pages,
            "number": number - 1,  # Porism's reference build counts pages from 0
            "size": per_page,
            "first": number == 1,
            "last": number >= total_pages,
            self.envelope: items[(number - 1) * per_page : number * per_page],
        }


class BucksAsSaved(LoopbackJsonServer):
    """Buckinghamshire's two saved `/services` pages as they came (their envelope says 118
    pages; the capture ends at two, so page three answers empty), and each listed record at
    `/services/{id}`: Outpost lists whole records, and the saved `/services/6378` is the same."""

    def __init__(self) -> None:
        super().__init__()
        self.listings = {1: saved("services_page_1.json"), 2: saved("services_page_2.json")}
        self.full = {str(r["id"]): r for r in bucks_records()}
        self.full["6378"] = saved("service_response.json")

    def route(self, path: str) -> tuple[int, Any]:
        url = urlparse(path)
        if url.path == "/services":
            number = int(parse_qs(url.query)["page"][0])
            empty = {**self.listings[2], "number": number, "content": []}
            return 200, self.listings.get(number, empty)
        found = self.full.get(url.path.removeprefix("/services/"))
        return (200, found) if found else (404, {"error": "Not Found"})


@pytest.fixture
def sessions(sqlite_url: str):  # type: ignore[no-untyped-def]
    return empty_database(sqlite_url)


def names_near(sessions, topic: str, origin: GeoPoint, age: int | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        found = search_services(session, ServiceQuery(topic, NOW, origin=origin, age=age))
    return [service.name for service in found.local]


def test_buckinghamshire_s_oruk_1_feed_imports_as_it_was_served(sessions) -> None:
    with BucksAsSaved() as feed:
        report = run_import(sessions, feed.url, per_page=50)
        fetched = [path for path in feed.requests if path.startswith("/services/")]
    assert report.ok, report.failed
    assert report.pages == 3 and len(fetched) == 100
    assert (report.added, report.skipped, report.dropped) == (100, [], [])
    assert any(label.endswith(": Things to do") for label in report.unmapped_terms)
    with sessions() as session:
        money = session.get(Service, MONEY_AND_BENEFITS)
        assert money.organization.name == "Family Centres Aylesbury and North Buckinghamshire"
        sites = {site.location.name: site.location for site in money.service_at_locations}
        elmhurst = sites["Elmhurst Family Centre"]
        assert (elmhurst.latitude, elmhurst.longitude) == (ELMHURST.latitude, ELMHURST.longitude)
        assert [a.postal_code for a in elmhurst.addresses] == ["HP20 2DB"]
        # Outpost's 0, 0 for a site it could not place (whose postcode has a letter O for a
        # zero): no place, rather than the Gulf of Guinea.
        assert sites["Wing Family Centre"].latitude is None
        assert sorted((s.byday, s.opens_at, s.closes_at) for s in money.schedules) == [
            ("FR", "14:00", "15:00"),
            ("MO", "12:00", "13:00"),
            ("TH", "17:30", "18:30"),
        ]
        assert [p.number for p in money.phones] == ["01296 383293"]
        assert [(c.amount, c.amount_description) for c in money.cost_options] == [(0.0, "Free")]
        football = session.get(Service, "9097")
        assert (football.minimum_age, football.maximum_age) == (30, 100)
        costs = [(c.option, c.amount, c.currency, c.amount_description)
                 for c in football.cost_options]  # fmt: skip
        assert costs == [("Adults", 4.0, "GBP", "per session")]
        walking = session.get(Service, "6378")
        assert (walking.minimum_age, walking.maximum_age) == (18, None)
        # The pre-school lists one number under two contacts: kept once.
        assert [p.number for p in session.get(Service, "3093").phones] == ["01628 473566"]
        assert session.get(Service, "4538").status == "temporarily closed"
    # Its terms map to our topics through data/directory/taxonomy_topics.yml.
    assert "Money and Benefits Information Session (Various Locations)" in names_near(
        sessions, "debt", ELMHURST
    )
    assert "Parent Support Drop ins" in names_near(sessions, "family_support", ELMHURST, age=7)


def test_paged_in_content_or_contents_or_as_a_bare_array_the_directory_is_the_same(
    tmp_path,
) -> None:
    records = brookmere_records() + bucks_records()[:7]  # 11 records, 3 a page
    directories = {}
    with OrukV1Feed(records) as feed:
        for envelope in ("content", "contents", "bare"):
            feed.envelope = envelope
            feed.requests.clear()
            sessions = empty_database(f"sqlite:///{tmp_path / envelope}.db")
            report = run_import(sessions, feed.url, per_page=3)
            listings = [path for path in feed.requests if path.startswith("/services?")]
            assert report.ok, (envelope, report.failed)
            assert (report.added, len(report.skipped)) == (9, 2), envelope
            assert len(listings) == report.pages == (1 if envelope == "bare" else 4), envelope
            directories[envelope] = snapshot(sessions)
    assert directories["content"] == directories["contents"] == directories["bare"]
    assert len(directories["content"]) == 9


def test_an_oruk_1_record_s_parts_go_where_the_directory_keeps_them(sessions) -> None:
    with OrukV1Feed(brookmere_records()) as feed:
        report = run_import(sessions, feed.url)
    assert report.ok, report.failed
    assert (report.added, report.unplaced, report.no_topic) == (2, 0, 0)
    skipped = dict(report.skipped)
    assert skipped.keys() == {NAMELESS, CLOSED_FOR_GOOD}
    assert skipped[NAMELESS] == "(record): 'name' is a required property"
    assert skipped[CLOSED_FOR_GOOD].startswith("status: 'closed for good' is not one of")
    dropped = {(service_id, part.path): part.reason for service_id, part in report.dropped}
    assert dropped == {
        (YOUNG_MINDS, ("holiday_schedules", 0)): (
            "holiday_schedules/0: not kept: the directory holds no dated closures"
        ),
        (MONEY_SURGERY, ("regular_schedules", 0)): (
            "regular_schedules/0: weekday 3 is a number, and ORUK 1 does not say which day"
        ),
        (MONEY_SURGERY, ("eligibilities", 0)): (
            "eligibilities/0/minimum_age: 'sixteen' is not of type 'number'"
        ),
    }
    assert "3 broken parts left out of 2 imported services" in report.summary()
    with sessions() as session:
        minds = session.get(Service, YOUNG_MINDS)
        assert minds.organization.id == "brookmere-family-hubs"  # not a UUID: read all the same
        assert (minds.minimum_age, minds.maximum_age) == (11, 18)
        assert sorted((s.byday, s.opens_at, s.closes_at, s.description)
                      for s in minds.schedules) == [
            ("TH", "16:00", "18:00", "Thursdays, 4pm to 6pm"),
            ("TU", "15:30", "17:30", None),  # "weekday": "Tuesday"
        ]  # fmt: skip
        [site] = minds.service_at_locations
        assert (site.location.latitude, site.location.longitude) == (52.5702, -2.0351)
        assert [(a.address_1, a.city, a.postal_code) for a in site.location.addresses] == [
            ("12 Victoria Road", "Darlaston", "WS10 8ZZ")
        ]
        assert [(p.number, p.type) for p in minds.phones] == [("01922 496 0301", "voice")]
        assert [a.name for a in minds.service_areas] == ["Brookmere borough"]
        assert [(c.option, c.amount, c.currency, c.amount_description)
                for c in minds.cost_options] == [("Each visit", 0.0, "GBP", "Free")]  # fmt: skip
        money = session.get(Service, MONEY_SURGERY)
        # No coordinates: placed at its postcode's district, as HSDS 3 feeds' sites are.
        location = money.service_at_locations[0].location
        assert (location.latitude, location.longitude) == (
            OUTCODES["WS2"].latitude,
            OUTCODES["WS2"].longitude,
        )
        # Every other Friday: kept in words, never offered as open every Friday.
        assert [(s.byday, s.description) for s in money.schedules] == [
            (None, "Every other Friday, 10am to noon")
        ]
        # Two contacts' phones, one number written two ways: each number once.
        assert [(p.number, p.type) for p in money.phones] == [
            ("01922 496 0302", "voice"),
            ("01922 496 0303", "textphone"),
        ]
        assert (money.minimum_age, money.maximum_age, money.url) == (None, None, None)
    assert names_near(sessions, "mental_health", DARLASTON, age=14) == [
        "Darlaston Young Minds Drop-in"
    ]
    assert "Pleck Money Advice Surgery" in names_near(sessions, "debt", OUTCODES["WS2"])


@pytest.mark.parametrize(
    ("topic", "text", "postcode", "service_id"),
    [
        (
            "debt",
            "we are really struggling with money, is there any help near HP20 2DB",
            "HP20 2DB",
            MONEY_AND_BENEFITS,
        ),
        (
            "mental_health",
            "my son is 14 and so anxious he won't go to school, we're in WS10 8ZZ",
            "WS10 8ZZ",
            YOUNG_MINDS,
        ),
    ],
)
def test_an_oruk_1_feed_s_services_are_answered_in_the_chat_by_topic_and_postcode(
    sqlite_url: str, postcodes_io, topic: str, text: str, postcode: str, service_id: str
) -> None:
    """Issue 21's "done when", beside the seed directory as a school would run it."""
    postcodes_io.known["HP202DB"] = (ELMHURST.latitude, ELMHURST.longitude)
    seeded_database(sqlite_url)
    sessions = make_session_factory(make_engine(sqlite_url, savepoints=True))
    with OrukV1Feed(brookmere_records() + bucks_records()) as feed:
        assert run_import(sessions, feed.url, per_page=50).ok
    postcodes = PostcodeLocator(OUTCODES, sessions, postcodes_io.url, timeout=2)
    places = PlaceFinder.from_file(DATA_DIR / "directory" / "places.yml")
    chat = DirectoryConversation(
        sessions, Locator(postcodes, places), Needs.from_file(DATA_DIR / "directory")
    )
    turn = Turn(text=text, intent=topic, topic=topic, postcode_entity=postcode, age=14)
    reply = chat.answer(turn, NOW)
    shown = [s for m in reply.messages if "custom" in m for s in m["custom"]["services"]]
    local = [s for s in shown if s["distance_km"] is not None]
    [found] = [s for s in local if s["id"] == service_id]
    assert found["distance_km"] < 2 and found["demo"] is False
    assert [s["distance_km"] for s in local] == sorted(s["distance_km"] for s in local)


def test_imported_again_nothing_changes_and_a_service_gone_is_marked_inactive(sessions) -> None:
    records = brookmere_records() + bucks_records()[:5]
    with OrukV1Feed(records) as feed:
        first = run_import(sessions, feed.url)
        before = snapshot(sessions)
        again = run_import(sessions, feed.url)
        assert (first.added, first.updated) == (7, 0)
        assert (again.added, again.updated, again.unchanged, again.inactivated) == (0, 0, 7, 0)
        assert len(again.dropped) == 3 and len(again.skipped) == 2  # and says so again
        assert snapshot(sessions) == before
        records.pop(0)  # the Young Minds drop-in leaves the feed
        gone = run_import(sessions, feed.url)
    assert (gone.inactivated, gone.unchanged) == (1, 6)
    assert statuses(sessions)[YOUNG_MINDS] == "inactive"
    assert names_near(sessions, "mental_health", DARLASTON, age=14) == []


def test_a_feed_declaring_hsds_uk_1_0_is_read_as_oruk_1_whatever_its_records_look_like(
    sessions,
) -> None:
    """ORUK 1 requires no status, HSDS 3 does. Declared at `/`, a bare record is ORUK 1's;
    undeclared and listed in a bare array, nothing says so, and it is read as HSDS 3."""
    organization = {"id": "brookmere-family-hubs", "name": "Brookmere", "description": "Hubs"}
    bare = {"id": "6c1f0e2a-7d3b-4e8a-9c51-0a1b2c3d4e77", "name": "Toy Library",
            "organization": organization}  # fmt: skip
    with OrukV1Feed([bare], envelope="bare", root="HSDS-UK-1.0") as feed:
        declared = run_import(sessions, feed.url)
        feed.root = None
        undeclared = run_import(sessions, feed.url)
    assert (declared.added, declared.skipped) == (1, [])
    assert statuses(sessions) == {bare["id"]: "active"}
    assert undeclared.skipped == [(bare["id"], "(record): 'status' is a required property")]


def test_a_saved_oruk_1_page_imports_from_a_file(sessions) -> None:
    """As saved, with a byte-order mark and Spring's page around Outpost's records."""
    importer = Importer(sessions, TopicMap.from_file(DATA_DIR), outcode_centroid)
    report = importer.run(JsonFileFeed(V1 / "services_page_1.json"), NOW)
    assert (report.added, report.skipped, report.dropped) == (50, [], [])
