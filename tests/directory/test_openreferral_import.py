"""`signpost directory import` against a real HTTP server on loopback serving the Open
Referral specification's example services, a council's feed and deliberately broken records."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import DATA_DIR
from bot.db import make_engine, make_session_factory, upgrade
from bot.directory.models import Service
from bot.directory.openreferral.feeds import ApiFeed, JsonFileFeed, open_feed
from bot.directory.openreferral.importer import Importer, ImportReport
from bot.directory.openreferral.topic_map import TopicMap
from bot.directory.postcodes import load_outcodes, parse_postcode
from bot.directory.search import ServiceQuery, find_services, search_services
from bot.geo import GeoPoint
from tests.directory.feed_server import (
    FIXTURES,
    FeedServer,
    broken_records,
    council_records,
    spec_example,
    spec_examples,
)
from tests.directory.snapshot import snapshot

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
WALSALL = GeoPoint(52.5855, -1.9822)  # WS1 1TP
CALDMORE_CLUB = "3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1f2a01"
MONEY_DROP_IN = "3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1f2a02"
HOLIDAY_KITCHEN = "3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1f2a04"
SPEC_EXAMPLE = "ac148810-d857-441c-9679-408f346de14b"
OUTCODES = load_outcodes(DATA_DIR / "directory" / "outcodes.csv")


def outcode_centroid(text: str) -> GeoPoint | None:
    """Placing by postcode as the importer does offline (postcodes.io is remote)."""
    postcode = parse_postcode(text)
    return OUTCODES.get(postcode.outcode) if postcode else None


def empty_database(url: str) -> sessionmaker[Session]:
    upgrade(url)
    return make_session_factory(make_engine(url, savepoints=True))


@pytest.fixture
def sessions(sqlite_url: str) -> sessionmaker[Session]:
    return empty_database(sqlite_url)


def run_import(sessions: sessionmaker[Session], url: str, per_page: int = 3) -> ImportReport:
    feed = ApiFeed(url, per_page=per_page, retries=1, backoff=0.01, timeout=5)
    importer = Importer(sessions, TopicMap.from_file(DATA_DIR), outcode_centroid)
    return importer.run(feed, NOW)


def statuses(sessions: sessionmaker[Session]) -> dict[str, str]:
    with sessions() as session:
        return dict(session.execute(select(Service.id, Service.status)).all())


def test_full_import_of_the_spec_examples_and_a_council_feed(sessions) -> None:
    records = spec_examples() + council_records() + broken_records()
    with FeedServer(records) as server:
        report = run_import(sessions, server.url)
    assert report.ok, report.failed
    assert report.pages == 3  # 9 records, 3 a page
    assert report.added == 6 and report.updated == report.unchanged == 0
    # Every broken record is skipped with one line saying what is wrong.
    reasons = dict(report.skipped)
    assert set(reasons) == {r["id"] for r in broken_records()}
    assert "'name' is a required property" in reasons["3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1fbad1"]
    assert "status" in reasons["3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1fbad2"]
    assert "minimum_age" in reasons["3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1fbad3"]
    assert all("\n" not in reason for reason in reasons.values())
    # Terms no rule maps are reported for an admin to add.
    assert any("Volunteering opportunities" in label for label in report.unmapped_terms)
    assert "taxonomy_topics.yml" in report.summary()

    with sessions() as session:
        club = session.get(Service, CALDMORE_CLUB)
        assert club.feed == server.url and club.last_checked is not None
        assert club.schedules[0].byday == "WE" and club.schedules[0].opens_at == "16:00"
        example = session.get(Service, SPEC_EXAMPLE)
        assert example.name == "Community Counselling" and example.organization is not None
        # No coordinates in the feed: placed by its postcode instead.
        kitchen = session.get(Service, HOLIDAY_KITCHEN).service_at_locations[0].location
        assert kitchen.latitude == pytest.approx(OUTCODES["B70"].latitude)


@pytest.mark.parametrize("folder", ["hsds_examples", "oruk_examples"])
def test_the_later_revision_full_examples_import_whole(sessions, folder) -> None:
    """The specification's full examples follow HSDS 3.0 as published (a schedule's
    `bymonthday` as text, `wkst` as "TU", a term's taxonomy as text), which its compiled
    schema checks: nothing is skipped or left out. (Against the older per-table 3.0.0
    schemas they were skipped whole; issue 21 asks for them to go in.)"""
    with FeedServer([spec_example(folder, "service_full.json")]) as server:
        report = run_import(sessions, server.url)
    assert (report.added, report.skipped, report.dropped) == (1, [], [])
    assert statuses(sessions) == {SPEC_EXAMPLE: "active"}


def test_the_chat_finds_imported_services_by_topic_and_place(sessions) -> None:
    with FeedServer(council_records()) as server:
        assert run_import(sessions, server.url).ok
    with sessions() as session:
        asthma = search_services(session, ServiceQuery("asthma", NOW, origin=WALSALL, age=9))
        debt = search_services(session, ServiceQuery("debt", NOW, origin=WALSALL))
        far = search_services(session, ServiceQuery("debt", NOW, origin=GeoPoint(51.5, -0.14)))
    assert [r.name for r in asthma.local] == ["Caldmore Breathe Easy Club"]
    assert asthma.local[0].distance_km < 2 and asthma.local[0].main_phone == "01922 496 0201"
    assert "Palfrey Money Matters Drop-in" in [r.name for r in debt.local]
    # A feed's service is local: never offered as national, never offered in London.
    assert not debt.national and not far.local


def test_reimport_changes_nothing(sessions) -> None:
    records = spec_examples() + council_records()
    with FeedServer(records) as server:
        run_import(sessions, server.url)
        before = snapshot(sessions)
        again = run_import(sessions, server.url)
    assert (again.added, again.updated, again.inactivated, again.unchanged) == (0, 0, 0, 6)
    assert snapshot(sessions) == before


def test_a_changed_record_is_updated(sessions) -> None:
    records = council_records()
    with FeedServer(records) as server:
        run_import(sessions, server.url)
        records[1]["name"] = "Palfrey Money Matters (now on Fridays too)"
        records[1]["schedules"][0]["byday"] = "MO,TH,FR"
        report = run_import(sessions, server.url)
    assert (report.updated, report.unchanged) == (1, 4)
    with sessions() as session:
        changed = session.get(Service, MONEY_DROP_IN)
        assert changed.name.endswith("Fridays too)") and changed.schedules[0].byday == "MO,TH,FR"


def test_a_removed_record_is_marked_inactive_not_deleted(sessions) -> None:
    records = council_records()
    with FeedServer(records) as server:
        run_import(sessions, server.url)
        club = records.pop(0)
        report = run_import(sessions, server.url)
        assert report.inactivated == 1
        assert statuses(sessions)[CALDMORE_CLUB] == "inactive"
        with sessions() as session:
            found = search_services(session, ServiceQuery("asthma", NOW, origin=WALSALL))
        assert not found.local  # the chat no longer offers it
        # It comes back when the feed lists it again.
        records.insert(0, club)
        back = run_import(sessions, server.url)
    assert back.updated == 1 and statuses(sessions)[CALDMORE_CLUB] == "active"


def test_a_bad_new_version_keeps_the_last_good_one_whole(sessions) -> None:
    records = council_records()
    with FeedServer(records) as server:
        run_import(sessions, server.url)
        before = snapshot(sessions)[MONEY_DROP_IN]
        # Valid HSDS, but it names an organisation the feed never describes: refused after
        # the old version was already being replaced, so only the SAVEPOINT can restore it.
        records[1] = dict(records[1], name="Half-written", organization={"id": "nobody-knows"})
        report = run_import(sessions, server.url)
    assert [record_id for record_id, _ in report.skipped] == [MONEY_DROP_IN]
    assert "organization" in report.skipped[0][1]
    assert snapshot(sessions)[MONEY_DROP_IN] == before
    assert statuses(sessions)[MONEY_DROP_IN] == "active"


def test_a_feed_failing_on_page_two_keeps_page_one_and_marks_nothing_inactive(sessions) -> None:
    records = council_records()
    with FeedServer(records) as server:
        assert run_import(sessions, server.url, per_page=2).ok
        records[0]["name"] = "Caldmore Breathe Easy Club (renamed)"
        records[2]["name"] = "Kite Hill sessions (renamed)"
        records.pop()  # gone from page three, which is never reached
        server.fail_page = 2
        report = run_import(sessions, server.url, per_page=2)
    assert not report.ok and "HTTP 500" in report.failed and report.pages == 1
    assert "Earlier pages were kept" in report.summary()
    with sessions() as session:
        assert session.get(Service, CALDMORE_CLUB).name.endswith("(renamed)")  # page one in
        assert not session.get(Service, records[2]["id"]).name.endswith("(renamed)")
    assert set(statuses(sessions).values()) == {"active"}


def test_an_unknown_hsds_version_is_refused_before_anything_is_written(sessions) -> None:
    with FeedServer(council_records(), version="1.1") as server:
        report = run_import(sessions, server.url)
    assert not report.ok and "1.1" in report.failed
    assert statuses(sessions) == {}


def test_postgresql_import_and_reimport(empty_postgres_url: str) -> None:
    sessions = empty_database(empty_postgres_url)
    with FeedServer(spec_examples() + council_records() + broken_records()) as server:
        first = run_import(sessions, server.url)
        again = run_import(sessions, server.url)
    assert (first.added, len(first.skipped)) == (6, 3)
    assert (again.unchanged, again.added, again.updated) == (6, 0, 0)


def test_json_files_and_csv_packages_import_like_a_feed(sessions, tmp_path) -> None:
    report = Importer(sessions, TopicMap.from_file(DATA_DIR), outcode_centroid).run(
        JsonFileFeed(FIXTURES / "council_feed" / "services.json"), NOW
    )
    assert report.added == 5
    package = open_feed(str(FIXTURES / "csv_package"))
    records = list(page.records for page in package.pages())[0]
    csv_report = Importer(sessions, TopicMap.from_file(DATA_DIR), outcode_centroid).run(
        package, NOW + timedelta(days=1)
    )
    assert csv_report.ok and csv_report.added == len(records) and not csv_report.skipped
    with sessions() as session:
        found = search_services(session, ServiceQuery("asthma", NOW, origin=WALSALL))
    assert "Birchills Inhaler Check Clinic" in [r.name for r in found.local]


def test_the_command_line_imports_a_feed_and_reports(tmp_path, monkeypatch, capsys) -> None:
    from bot.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    with FeedServer(council_records() + broken_records()) as server:
        assert main(["directory", "import", server.url, "--quiet"]) == 0
        server.fail_page = 1
        assert main(["directory", "import", server.url, "--quiet", "--per-page", "2"]) == 1
    out = capsys.readouterr().out
    assert "added 5, updated 0, unchanged 0, marked inactive 0, skipped 3" in out
    assert "skipped 3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1fbad1: " in out
    assert "FAILED" in out and "HTTP 500" in out
    assert len(statuses(make_session_factory(make_engine(url)))) == 5


def test_a_parent_asking_the_chat_gets_the_feed_s_service_among_the_nearest(
    sqlite_url: str, postcodes_io
) -> None:
    """Beside the seed directory, as a school would run it: the conversation layer the
    asthma action calls answers from the imported feed."""
    from bot.directory.conversation import DirectoryConversation, Turn
    from bot.directory.locate import Locator
    from bot.directory.places import PlaceFinder
    from bot.directory.postcodes import PostcodeLocator
    from tests.conftest import seeded_database

    sessions = seeded_database(sqlite_url)
    with FeedServer(council_records()) as server:
        assert run_import(sessions, server.url).ok
    locator = PostcodeLocator(OUTCODES, sessions, postcodes_io.url, timeout=2)
    places = PlaceFinder.from_file(DATA_DIR / "directory" / "places.yml")
    chat = DirectoryConversation(sessions, Locator(locator, places))
    turn = Turn(
        text="my daughter needs help with her asthma, we're in WS1 1TP",
        intent="asthma", topic="asthma", postcode_entity="WS1 1TP", age=9,
    )  # fmt: skip
    reply = chat.answer(turn, NOW)
    [payload] = [m["custom"] for m in reply.messages if "custom" in m]
    local = [s for s in payload["services"] if s["distance_km"] is not None]
    [club] = [s for s in local if s["id"] == CALDMORE_CLUB]
    assert local.index(club) < 3 and club["distance_km"] < 2
    assert club["phone"] == "01922 496 0201" and club["demo"] is False
    assert [s["distance_km"] for s in local] == sorted(s["distance_km"] for s in local)


def test_a_feed_term_marks_the_need_and_that_service_comes_first(sessions) -> None:
    """A council's "Food bank" term marks its service as meeting the food_bank need
    (data/directory/taxonomy_topics.yml), as `needs:` does in our own files."""
    records = council_records()
    drop_in = next(r for r in records if r["id"] == MONEY_DROP_IN)
    [attribute] = [a for a in drop_in["attributes"] if a["taxonomy_term"]["code"] == "debt"]
    food = json.loads(json.dumps(attribute))
    food["id"] = "a7000000-0003-4e5f-8a9b-0000000000f1"
    food["taxonomy_term"].update(
        id="t0000000-0000-4000-8000-0000000000f1", code="food", name="Food bank"
    )
    food["taxonomy_term_id"] = food["taxonomy_term"]["id"]
    drop_in["attributes"].append(food)
    with FeedServer(records) as server:
        assert run_import(sessions, server.url).ok
    with sessions() as session:
        found = find_services(
            session, ServiceQuery("debt", NOW, origin=WALSALL, needs=("food_bank",))
        )
    assert [f.id for f in found.local if f.fits] == [MONEY_DROP_IN]
