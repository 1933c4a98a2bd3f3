"""Directory search time with 10,000 services, on SQLite and on PostgreSQL (median and p95).

For each backend: a fresh database (a SQLite file in a temporary folder; a new database on
the machine's PostgreSQL, dropped at the end), migrated with Alembic and seeded with the
real directory (data/directory/*.yml), then filled up to 10,000 services with synthetic
ones. The synthetic services are load, not data: "Benchmark service 00042", example.org
addresses, fictional numbers, flagged `demo`, and they only ever live in the throwaway
databases. They are spread over England, one in ten around the real outcode centroids of
data/directory/outcodes.csv where the questions are asked, each with one or two of the
assistant's topics, a location, an address, a phone number and opening hours.

Times search_page() exactly as the bot's action calls it (DirectoryConversation._search:
a new session per question, no age given, the first page of three): a topic near a postcode
district centroid (local and national services in one call), and a topic with no place
(national only).
Writes reports/bench_directory.json. Run with `make bench`.
"""

from __future__ import annotations

import platform
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from bot.config import DATA_DIR, PROJECT_ROOT
from bot.db import make_engine, make_session_factory, scratch_postgres_database, session_scope
from bot.directory.conversation import PAGE_SIZE
from bot.directory.models import (
    Address,
    Attribute,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from bot.directory.postcodes import PostcodeLocator, load_outcodes
from bot.directory.search import (
    DEFAULT_RADIUS_KM,
    Matches,
    ServiceQuery,
    find_services,
    search_page,
)
from bot.directory.seed import migrate_and_seed
from bot.directory.topics import MAIN_TOPICS, TOPICS, topic_term_id
from bot.geo import GeoPoint
from bot.measure import summary_ms, write_report

TOTAL_SERVICES = 10_000
WARMUP = 10
ROUNDS = 200
RANDOM_SEED = 20261123
# England's rough extent (Land's End to Berwick, Cumbria's coast to Lowestoft). A rectangle:
# some points land in the sea, Wales or Scotland, which only makes them rarer hits.
ENGLAND = (50.0, 55.8, -5.7, 1.75)
# The demo area holds about 6% of England's people; a tenth of the services there keeps the
# questions, all asked there, from being flattered by an emptier map than a real one.
SHARE_NEAR_OUTCODES = 0.10


def synthetic_tables(first: int, count: int, centroids: list[GeoPoint]) -> list[list[Any]]:
    """Rows for `count` synthetic services, one list per table in foreign-key order."""
    rng = random.Random(RANDOM_SEED)
    today = date.today()
    checked = datetime.now(timezone.utc)
    min_lat, max_lat, min_lon, max_lon = ENGLAND
    organizations = [
        Organization(id=f"org-bench-{n:04d}", name=f"Benchmark organisation {n:04d}")
        for n in range(count // 10 + 1)
    ]
    services: list[Service] = []
    locations: list[Location] = []
    addresses: list[Address] = []
    sites: list[ServiceAtLocation] = []
    phones: list[Phone] = []
    schedules: list[Schedule] = []
    areas: list[ServiceArea] = []
    links: list[Attribute] = []
    for n in range(count):
        sid = f"bench-{n:05d}"
        if rng.random() < SHARE_NEAR_OUTCODES:
            # ~5 km scatter around a district centre: a town's worth of addresses.
            centre = rng.choice(centroids)
            lat, lon = rng.gauss(centre.latitude, 0.04), rng.gauss(centre.longitude, 0.06)
        else:
            lat, lon = rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon)
        services.append(
            Service(
                id=sid,
                organization_id=organizations[n // 10].id,
                name=f"Benchmark service {n:05d}",
                description="Synthetic load for scripts/bench_directory.py; not a real service.",
                url=f"https://example.org/bench/{n:05d}",
                status="active",
                # A fifth are for children and young people only, like the family hubs.
                maximum_age=19 if rng.random() < 0.2 else None,
                assured_date=today,
                source="synthetic (scripts/bench_directory.py)",
                last_checked=checked,
                demo=True,
            )
        )
        locations.append(
            Location(
                id=f"{sid}-location", name=f"Benchmark site {n:05d}", latitude=lat, longitude=lon
            )
        )
        addresses.append(
            Address(
                id=f"{sid}-address",
                location_id=f"{sid}-location",
                address_1=f"{n % 200 + 1} Benchmark Street",
                city="Benchmark Town",
                postal_code="ZZ99 9ZZ",
                country="GB",
            )
        )
        sites.append(
            ServiceAtLocation(
                id=f"{sid}-at-location", service_id=sid, location_id=f"{sid}-location"
            )
        )
        # Ofcom's drama range: never a real line.
        phones.append(
            Phone(
                id=f"{sid}-phone-0", service_id=sid, number=f"01632 960{n % 1000:03d}", type="voice"
            )
        )
        schedules.append(
            Schedule(
                id=f"{sid}-schedule-0",
                service_id=sid,
                freq="WEEKLY",
                byday="MO,TU,WE,TH,FR",
                opens_at="09:00",
                closes_at="17:00",
                description="Monday to Friday, 9am to 5pm",
            )
        )
        areas.append(
            ServiceArea(
                id=f"{sid}-area", service_id=sid, name="Benchmark Town", extent_type="local"
            )
        )
        for topic in rng.sample(sorted(TOPICS), k=rng.choice((1, 1, 2))):
            links.append(
                Attribute(
                    id=f"{sid}-topic-{topic}",
                    link_id=sid,
                    link_type="service",
                    link_entity="service",
                    taxonomy_term_id=topic_term_id(topic),
                    value=str(first + n),
                )
            )
    return [organizations, services, locations, addresses, sites, phones, schedules, areas, links]


def fill(url: str, centroids: list[GeoPoint]) -> tuple[int, int]:
    """Seed the real directory, add synthetic services up to TOTAL_SERVICES: (real, total)."""
    real = migrate_and_seed(url, DATA_DIR)
    engine = make_engine(url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            for rows in synthetic_tables(real, TOTAL_SERVICES - real, centroids):
                session.bulk_save_objects(rows)
            session.flush()
            total = session.scalar(select(func.count()).select_from(Service))
        if engine.dialect.name == "postgresql":
            # What autovacuum does within a minute of a load this size; without it the
            # planner would guess row counts for the first queries a real server never sees.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("ANALYZE"))
    finally:
        engine.dispose()
    return real, total


def timed(sessions: sessionmaker[Session], query: ServiceQuery) -> tuple[float, Matches]:
    """One search as DirectoryConversation._search runs it (the first page), in milliseconds,
    and, untimed, every match, for the sanity checks and the counts."""
    started = time.perf_counter()
    with sessions() as session:
        search_page(session, query, PAGE_SIZE)
    elapsed_ms = (time.perf_counter() - started) * 1000
    with sessions() as session:
        return elapsed_ms, find_services(session, query)


def run(sessions: sessionmaker[Session], queries: list[ServiceQuery]) -> dict[str, Any]:
    timings: list[float] = []
    local_counts: list[int] = []
    national_counts: list[int] = []
    for n, query in enumerate(queries):
        elapsed_ms, results = timed(sessions, query)
        # Sanity: every question gets national services, and a place gets local ones,
        # nearest first and inside the radius.
        assert results.national, f"no national services for {query.topic}"
        if query.origin is not None:
            distances = [r.distance_km for r in results.local]
            assert distances, f"no local services for {query.topic} near {query.origin}"
            assert distances == sorted(distances), "local services not sorted by distance"
            assert distances[-1] <= query.radius_km
        if n >= WARMUP:
            timings.append(elapsed_ms)
            local_counts.append(len(results.local))
            national_counts.append(len(results.national))
    return {
        **summary_ms(timings),
        "local_results_mean": round(statistics.mean(local_counts), 1),
        "national_results_mean": round(statistics.mean(national_counts), 1),
    }


def bench(url: str, centroids: list[GeoPoint]) -> dict[str, Any]:
    started = time.perf_counter()
    real, total = fill(url, centroids)
    load_s = time.perf_counter() - started
    assert total == TOTAL_SERVICES, f"{total} services, expected {TOTAL_SERVICES}"
    rng = random.Random(RANDOM_SEED)
    now = datetime.now(timezone.utc)
    count = WARMUP + ROUNDS
    local = [
        ServiceQuery(topic=MAIN_TOPICS[n % len(MAIN_TOPICS)], now=now, origin=rng.choice(centroids))
        for n in range(count)
    ]
    national = [
        ServiceQuery(topic=MAIN_TOPICS[n % len(MAIN_TOPICS)], now=now) for n in range(count)
    ]
    engine = make_engine(url)
    try:
        sessions = make_session_factory(engine)
        with engine.connect() as connection:
            version = (
                sqlite3.sqlite_version
                if engine.dialect.name == "sqlite"
                else connection.scalar(text("SHOW server_version"))
            )
        near = run(sessions, local)
        anywhere = run(sessions, national)
    finally:
        engine.dispose()
    return {
        "version": version,
        "median_ms": near["median_ms"],
        "p95_ms": near["p95_ms"],
        "national_median_ms": anywhere["median_ms"],
        "national_p95_ms": anywhere["p95_ms"],
        "local_results_mean": near["local_results_mean"],
        "national_results_mean": anywhere["national_results_mean"],
        "real_services": real,
        "load_s": round(load_s, 1),
    }


def main() -> None:
    started = time.perf_counter()
    centroids = list(load_outcodes(PostcodeLocator.outcodes_path(DATA_DIR)).values())
    with tempfile.TemporaryDirectory() as work:
        sqlite = bench(f"sqlite:///{Path(work) / 'signpost.db'}", centroids)
    with scratch_postgres_database("signpost_bench") as url:
        postgresql = bench(url, centroids)
    report = {
        "what": (
            "Directory search (search_page, the first page, as the bot's action calls it) "
            "with 10,000 services: median_ms/p95_ms for a topic near a postcode district, "
            "national_* for a topic with no place"
        ),
        "services": TOTAL_SERVICES,
        "queries": ROUNDS,
        "warmup": WARMUP,
        "radius_km": DEFAULT_RADIUS_KM,
        "sqlite": sqlite,
        "postgresql": postgresql,
        "wall_s": round(time.perf_counter() - started, 1),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    out = PROJECT_ROOT / "reports" / "bench_directory.json"
    write_report(out, report)


if __name__ == "__main__":
    main()
