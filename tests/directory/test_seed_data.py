"""The directory data files are reviewed like code: this is their check."""

import re
from datetime import datetime, timezone

import pytest
import yaml
from sqlalchemy import func, select

from bot.config import DATA_DIR
from bot.db import session_scope
from bot.directory.models import Service
from bot.directory.postcodes import parse_postcode
from bot.directory.search import ServiceQuery, search_services
from bot.directory.seed import load_entries, seed_directory, seed_files
from bot.directory.topics import MAIN_TOPICS
from bot.geo import GeoPoint
from bot.schools import load_schools
from tests.conftest import seeded_database

DIRECTORY = DATA_DIR / "directory"
WEST_BROMWICH = GeoPoint(52.519, -1.995)
ENTRIES = load_entries(seed_files(DIRECTORY))
NATIONAL = [entry for entry, demo in ENTRIES if not demo]
DEMO = [entry for entry, demo in ENTRIES if demo]

# Ofcom reserves these for drama: a demo listing can never ring a real person.
FICTIONAL_NUMBER = re.compile(r"^(0121 496 0\d{3}|01632 960\d{3}|07700 900\d{3})$")


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def test_every_seed_file_is_valid_and_ids_are_unique() -> None:
    assert len(seed_files(DIRECTORY)) >= 4
    ids = [entry["id"] for entry, _ in ENTRIES]
    assert len(ids) == len(set(ids))


def test_there_are_enough_demo_services_of_every_kind_in_every_area() -> None:
    assert len(DEMO) >= 60
    demo_files = [p for p in seed_files(DIRECTORY) if p.name.startswith("demo")]
    assert len(demo_files) >= 3
    for path in demo_files:
        services = yaml.safe_load(path.read_text())["services"]
        for topic in MAIN_TOPICS:
            assert any(topic in s["topics"] for s in services), f"no {topic} in {path.name}"


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("Childline", "0800 1111"),
        ("Samaritans", "116 123"),
        ("Shout", "85258"),
        ("NHS 111", "111"),
        ("National Debtline", "0808 808 4000"),
        ("StepChange", "0800 138 1111"),
        ("Citizens Advice", "0800 144 8848"),
        ("Asthma + Lung UK", "0300 222 5800"),
        ("NSPCC", "0808 800 5000"),
    ],
)
def test_national_helplines_carry_their_public_numbers(name: str, number: str) -> None:
    matches = [e for e in NATIONAL if name.lower() in e["name"].lower()]
    assert matches, f"{name} is missing from national.yml"
    numbers = {_digits(str(p["number"])) for e in matches for p in e.get("phones") or []}
    assert _digits(number) in numbers


def test_youngminds_and_kooth_are_listed() -> None:
    names = " ".join(e["name"] for e in NATIONAL).lower()
    assert "youngminds" in names.replace(" ", "") and "kooth" in names


def test_every_main_topic_has_national_services() -> None:
    for topic in MAIN_TOPICS:
        assert sum(topic in e["topics"] for e in NATIONAL) >= 2, topic


def test_national_facts_name_a_public_source_and_the_date_checked() -> None:
    for entry in NATIONAL:
        assert str(entry["source"]).startswith("https://"), entry["id"]
        assert entry["checked"].year >= 2026
        assert "location" not in entry, "national services have no single location"


def test_demo_data_cannot_be_mistaken_for_real_services() -> None:
    for path in seed_files(DIRECTORY):
        document = yaml.safe_load(path.read_text())
        if path.name.startswith("demo"):
            assert document["demo"] is True, path.name
    for entry in DEMO:
        for phone in entry.get("phones") or []:
            assert FICTIONAL_NUMBER.match(str(phone["number"])), (entry["id"], phone["number"])
        if entry.get("url"):
            assert re.match(r"^https://example\.(org|com)/", entry["url"]), entry["id"]
        assert entry.get("location"), f"{entry['id']}: a local service needs a location"


def test_demo_schools_sit_in_the_demo_area() -> None:
    schools = load_schools(DATA_DIR)
    assert len(schools) >= 6
    for school in schools.values():
        assert school.demo
        assert parse_postcode(school.postcode) is not None


def test_seeding_twice_changes_nothing(sqlite_url: str) -> None:
    sessions = seeded_database(sqlite_url)
    with sessions() as session:
        first = session.scalar(select(func.count()).select_from(Service))
    with session_scope(sessions) as session:
        seed_directory(session, DIRECTORY)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Service)) == first == len(ENTRIES)


@pytest.mark.postgres
def test_the_directory_migrates_seeds_and_searches_on_postgresql(postgres_url: str) -> None:
    sessions = seeded_database(postgres_url)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Service)) == len(ENTRIES)
        results = search_services(
            session,
            ServiceQuery(topic="debt", now=datetime.now(timezone.utc), origin=WEST_BROMWICH),
        )
    assert results.national and results.local
    distances = [r.distance_km for r in results.local]
    assert distances == sorted(distances)
    sessions.kw["bind"].dispose()
