from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update

from bot.db import session_scope
from bot.directory.models import Service
from bot.directory.search import DEFAULT_RADIUS_KM, ServiceQuery, search_services
from bot.geo import GeoPoint
from tests.conftest import seeded_database

UK = ZoneInfo("Europe/London")
MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UK)
SUNDAY_3AM = datetime(2026, 11, 29, 3, 0, tzinfo=UK)
WEST_BROMWICH = GeoPoint(52.519, -1.995)
HANLEY = GeoPoint(53.024, -2.176)
LONDON = GeoPoint(51.501, -0.142)


def search(sessions, **kwargs):
    kwargs.setdefault("now", MONDAY_NOON)
    with sessions() as session:
        return search_services(session, ServiceQuery(**kwargs))


def test_national_services_come_without_a_location(seeded_sqlite) -> None:
    results = search(seeded_sqlite, topic="asthma")
    names = [r.name for r in results.national]
    assert any("Asthma" in name for name in names)
    assert results.local == []
    assert all(r.distance_km is None for r in results.national)


def test_local_services_are_sorted_by_distance_within_the_radius(seeded_sqlite) -> None:
    results = search(seeded_sqlite, topic="debt", origin=WEST_BROMWICH)
    distances = [r.distance_km for r in results.local]
    assert len(distances) >= 3
    assert distances == sorted(distances)
    assert all(d is not None and d <= DEFAULT_RADIUS_KM for d in distances)
    assert all(r.address for r in results.local)


def test_a_town_sixty_kilometres_away_gets_its_own_services(seeded_sqlite) -> None:
    near_stoke = search(seeded_sqlite, topic="mental_health", origin=HANLEY).local
    near_west_brom = search(seeded_sqlite, topic="mental_health", origin=WEST_BROMWICH).local
    assert near_stoke and near_west_brom
    assert not {r.id for r in near_stoke} & {r.id for r in near_west_brom}


def test_outside_the_demo_area_there_are_no_local_services(seeded_sqlite) -> None:
    results = search(seeded_sqlite, topic="debt", origin=LONDON)
    assert results.local == [] and results.national


def test_age_filters_out_services_for_other_ages(seeded_sqlite) -> None:
    everyone = search(seeded_sqlite, topic="mental_health", origin=WEST_BROMWICH)
    five = search(seeded_sqlite, topic="mental_health", origin=WEST_BROMWICH, age=5)
    every = everyone.national + everyone.local
    kept = {r.id for r in five.national + five.local}
    assert kept < {r.id for r in every}, "some services are not for five-year-olds"
    with seeded_sqlite() as session:
        for service_id in kept:
            service = session.get(Service, service_id)
            assert service.minimum_age is None or service.minimum_age <= 5
            assert service.maximum_age is None or service.maximum_age >= 5


def test_help_for_an_adult_leaves_out_services_only_for_children(seeded_sqlite) -> None:
    adult = search(seeded_sqlite, topic="mental_health", adult=True)
    assert "Childline" not in {r.name for r in adult.national}
    child = search(seeded_sqlite, topic="mental_health", adult=False)
    assert "Childline" in {r.name for r in child.national}


def test_open_now_follows_the_schedule(seeded_sqlite) -> None:
    night = search(seeded_sqlite, topic="mental_health", now=SUNDAY_3AM).national
    samaritans = next(r for r in night if r.name.startswith("Samaritans"))
    assert samaritans.open_now is True
    local_night = search(seeded_sqlite, topic="debt", origin=WEST_BROMWICH, now=SUNDAY_3AM).local
    assert any(r.open_now is False for r in local_night)
    local_noon = search(seeded_sqlite, topic="debt", origin=WEST_BROMWICH).local
    assert any(r.open_now is True for r in local_noon)


def test_inactive_services_are_not_offered(sqlite_url) -> None:
    sessions = seeded_database(sqlite_url)
    first = search(sessions, topic="debt", origin=WEST_BROMWICH).local[0]
    with session_scope(sessions) as session:
        session.execute(update(Service).where(Service.id == first.id).values(status="inactive"))
    again = search(sessions, topic="debt", origin=WEST_BROMWICH).local
    assert first.id not in {r.id for r in again}


def test_payload_has_the_fields_the_widget_relies_on(seeded_sqlite) -> None:
    result = search(seeded_sqlite, topic="debt", origin=WEST_BROMWICH).local[0]
    payload = result.payload()
    for key in ("id", "name", "phone", "url", "distance_km", "open_now"):
        assert key in payload
    assert isinstance(payload["distance_km"], float)
