"""A feed's data-quality report (bot/directory/openreferral/quality.py), the command line
printing it under the import's summary, and the chat saying when a record is old or thin.
Real SQLite files, the real importer; the council fixture's gaps are known record by record
(tests/directory/fixtures/council_feed/services.json)."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.config import DATA_DIR
from bot.directory.openreferral.feeds import JsonFileFeed
from bot.directory.openreferral.importer import Importer
from bot.directory.openreferral.quality import feed_quality
from bot.directory.openreferral.topic_map import TopicMap
from bot.directory.present import describe_service, services_payload
from bot.directory.search import ServiceQuery, search_services
from bot.directory.topics import TOPICS
from tests.conftest import seeded_database
from tests.directory.feed_server import council_records
from tests.directory.test_openreferral_import import (
    CALDMORE_CLUB,
    HOLIDAY_KITCHEN,
    OUTCODES,
    WALSALL,
    outcode_centroid,
)

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)
FORUM = "3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1f2a05"
DROP_IN = "3f1c2a8e-6b0d-4c52-9a4e-0d7e5b1f2a02"
OUTPOST_ID = "outpost-17"  # an Outpost-style id: not the UUID the standard asks for
HELPLINE = "5b2d9c4e-0000-4a1b-8c2d-00000000e001"


def _record(records: list[dict[str, Any]], service_id: str) -> dict[str, Any]:
    return copy.deepcopy(next(r for r in records if r["id"] == service_id))


def gappy_feed() -> list[dict[str, Any]]:
    """The council's five, plus: a copy of the club with a non-UUID id, a national helpline
    with everything (a national area stands for a place), and an inactive record (left out)."""
    records = council_records()
    saturday = _record(records, CALDMORE_CLUB)
    saturday.update(id=OUTPOST_ID, name="Caldmore Breathe Easy Club (Saturdays)")
    helpline = _record(records, DROP_IN)
    helpline.update(
        id=HELPLINE, name="Brookmere Money Helpline", service_at_locations=[],
        service_areas=[{"id": "e001-area", "name": "England", "extent_type": "national"}],
        minimum_age=18,
    )  # fmt: skip
    closed = _record(records, DROP_IN)
    closed.update(
        id="5b2d9c4e-0000-4a1b-8c2d-00000000e002", name="Old Library Drop-in", status="inactive",
        phones=[], url=None, schedules=[], service_at_locations=[], attributes=[],
        assured_date=None,
    )  # fmt: skip
    return records + [saturday, helpline, closed]


def import_file(sessions: sessionmaker[Session], path: Path, records: list[dict[str, Any]]) -> str:
    path.write_text(json.dumps(records))
    feed = JsonFileFeed(path)
    importer = Importer(sessions, TopicMap.from_file(DATA_DIR), outcode_centroid)
    assert importer.run(feed, NOW).ok
    return feed.label


@pytest.fixture
def directory(sqlite_url: str) -> sessionmaker[Session]:
    """The seed directory beside the imports, as a school runs it."""
    return seeded_database(sqlite_url)


def test_shares_and_the_worst_records_of_a_feed_with_known_gaps(directory, tmp_path) -> None:
    label = import_file(directory, tmp_path / "council.json", gappy_feed())
    with directory() as session:
        quality = feed_quality(session, label)
        top_three = feed_quality(session, label, worst=3)

    # Seven active: the inactive record and the seed's services are not this feed's.
    assert quality.active == 7
    assert {s.check.key: (s.have, s.of) for s in quality.shares} == {
        "id": (6, 7),  # outpost-17
        "contact": (6, 7),  # the holiday kitchen: no phone, email or website
        # The forum has no site and a borough, not a national, area; the helpline's "England"
        # counts, and the kitchen's site is placed by its postcode's district.
        "place": (6, 7),
        "hours": (5, 7),  # the kitchen's "school holidays only" is words, not times
        "ages": (5, 7),
        "topic": (6, 7),  # the forum's SEND term maps to no topic
        "reviewed": (5, 7),
    }
    assert quality.share("contact").percent == 85  # 6/7 rounded down, never up to 100

    assert [(r.id, r.missing) for r in quality.worst] == [
        (FORUM, ("place", "opening times", "ages", "topic", "review date")),
        (HOLIDAY_KITCHEN, ("contact", "opening times", "review date")),
        (OUTPOST_ID, ("valid id",)),  # ties by name: "Caldmore…" before "Palfrey…"
        (DROP_IN, ("ages",)),
    ]
    assert quality.incomplete == 4
    assert [r.id for r in top_three.worst] == [FORUM, HOLIDAY_KITCHEN, OUTPOST_ID]
    assert top_three.incomplete == 4

    text = top_three.render()
    assert f"data quality of {label} (7 active services):" in text
    assert "a phone, email or website                 6 of 7   85%" in text
    assert "the 3 records missing the most (of 4 with gaps):" in text
    assert f"Greets Green Holiday Kitchen [{HOLIDAY_KITCHEN}]: no contact, opening times, " in text


def test_a_feed_with_nothing_active_says_so(directory) -> None:
    with directory() as session:
        quality = feed_quality(session, "https://nowhere.example.org/api")
    assert quality.active == 0 and not quality.worst
    assert quality.render().endswith("no active services")


def test_the_command_line_prints_the_report_under_the_summary(
    tmp_path, monkeypatch, capsys, closed_port_url
) -> None:
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("POSTCODES_IO_URL", closed_port_url)  # offline: outcodes only
    path = tmp_path / "council.json"
    path.write_text(json.dumps(council_records()))
    assert main(["directory", "import", str(path), "--quiet"]) == 0
    out = capsys.readouterr().out
    summary = out.index("added 5, updated 0, unchanged 0")
    report = out.index(f"data quality of {path.resolve()} (5 active services):")
    assert summary < report
    assert "a phone, email or website                 4 of 5   80%" in out
    assert "records with gaps (3):" in out
    assert f"Brookmere Parent Carer Forum [{FORUM}]: no place, opening times, ages," in out


def _said(sessions: sessionmaker[Session], topic: str, **where: Any) -> list[tuple[str, dict]]:
    """Each service the chat would give for `topic`: its text and its payload entry."""
    with sessions() as session:
        found = search_services(session, ServiceQuery(topic, NOW, **where))
    results = found.national + found.local
    payload = services_payload(topic, results)["services"]
    return list(zip((describe_service(r) for r in results), payload, strict=True))


def test_an_old_or_thin_record_says_so_and_seed_services_do_not(directory, tmp_path) -> None:
    records = council_records()
    next(r for r in records if r["id"] == CALDMORE_CLUB)["assured_date"] = "2024-03-14"
    import_file(directory, tmp_path / "council.json", records)

    [(text, card)] = [
        (t, c) for t, c in _said(directory, "asthma", origin=WALSALL) if c["id"] == CALDMORE_CLUB
    ]
    assert text.endswith("\n(details last checked March 2024)")
    assert card["checked"] == "March 2024" and card["stale"] is True
    assert card["no_contact"] is False and card["phone"] == "01922 496 0201"

    # Checked at import today, but nothing to reach it by: a word of that instead.
    kitchen_area = OUTCODES["B70"]
    [(text, card)] = [
        (t, c)
        for t, c in _said(directory, "food", origin=kitchen_area)
        if c["id"] == HOLIDAY_KITCHEN
    ]
    assert text.endswith("\n(no phone, email or website listed)")
    assert card["no_contact"] is True and card["stale"] is False
    assert card["checked"] == "December 2026"

    # Every seed service, national and local, at each place the demo directory covers.
    seen = 0
    for topic in TOPICS:
        for origin in (None, WALSALL, kitchen_area, OUTCODES["ST1"]):
            for text, card in _said(directory, topic, origin=origin):
                if card["id"] in {r["id"] for r in records}:
                    continue
                seen += 1
                assert card["stale"] is False and card["no_contact"] is False, card["name"]
                assert card["checked"].endswith(" 2026"), card["name"]  # checked 2026-11/12
                assert "details last checked" not in text and "no phone" not in text
    assert seen > 50
