"""Find services for a topic: national ones for everybody, local ones by distance."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import ColumnElement, Select, Subquery

from bot.directory.models import (
    Attribute,
    Location,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from bot.directory.needs import NEED_VOCABULARY
from bot.directory.reviewed import is_stale, last_review, month_year
from bot.directory.schedule import OpeningPeriod, is_open
from bot.directory.topics import TOPIC_VOCABULARY
from bot.geo import GeoPoint, bounding_box, distance_km

# Service-area names (lower case) that mean "anyone in the country can use this".
NATIONAL_AREAS = (
    "united kingdom", "uk", "great britain", "england", "england and wales", "national",
)  # fmt: skip

# Far enough to reach the next town, near enough that nobody is sent across the county.
DEFAULT_RADIUS_KM = 20.0


@dataclass(frozen=True)
class PhoneNumber:
    number: str
    type: str
    description: str | None


@dataclass(frozen=True)
class ServiceResult:
    id: str
    name: str
    organization: str
    description: str
    url: str | None
    phones: tuple[PhoneNumber, ...]
    hours: str | None
    open_now: bool | None
    demo: bool
    distance_km: float | None = None
    address: str | None = None
    # How far the record can be trusted, said to the parent: when its details were last
    # reviewed, whether that is too long ago (bot/directory/reviewed.py), and whether it
    # gives any way to reach the service at all (phone, email or website).
    reviewed: date | None = None
    stale: bool = False
    no_contact: bool = False

    @property
    def main_phone(self) -> str | None:
        return self.phones[0].number if self.phones else None

    @property
    def checked(self) -> str | None:
        """The month the details were last reviewed, as a parent reads it ("March 2024")."""
        return month_year(self.reviewed) if self.reviewed else None

    def payload(self) -> dict[str, Any]:
        """The service as the `services` custom payload of DESIGN.md carries it."""
        return {
            "id": self.id,
            "name": self.name,
            "phone": self.main_phone,
            "url": self.url,
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
            "open_now": self.open_now,
            "organization": self.organization,
            "description": self.description,
            "hours": self.hours,
            "address": self.address,
            "phones": [
                {"number": p.number, "type": p.type, "description": p.description}
                for p in self.phones
            ],
            "demo": self.demo,
            "checked": self.checked,
            "stale": self.stale,
            "no_contact": self.no_contact,
        }


@dataclass(frozen=True)
class ServiceQuery:
    topic: str
    now: datetime
    origin: GeoPoint | None = None
    age: int | None = None
    # When the age is unknown: True for help for an adult, False for a child, None unknown.
    adult: bool | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    # The needs behind the question (bot/directory/needs.py): services marked with one first.
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchResults:
    national: list[ServiceResult] = field(default_factory=list)
    local: list[ServiceResult] = field(default_factory=list)


def _age_filter(query: ServiceQuery):  # type: ignore[no-untyped-def]
    if query.age is not None:
        return and_(
            or_(Service.minimum_age.is_(None), Service.minimum_age <= query.age),
            or_(Service.maximum_age.is_(None), Service.maximum_age >= query.age),
        )
    if query.adult is True:
        # "Under 19" services (Childline) are for children, not for a parent asking for themself.
        return or_(Service.maximum_age.is_(None), Service.maximum_age >= 19)
    if query.adult is False:
        return or_(Service.minimum_age.is_(None), Service.minimum_age < 18)
    return None


def _rank(attribute_value: str | None) -> int:
    return int(attribute_value) if attribute_value and attribute_value.isdigit() else 10**9


@dataclass(frozen=True)
class Found:
    """A service that matched, before its rows are loaded: only a page of them ever is."""

    id: str
    name: str
    rank: int = 0
    distance_km: float | None = None
    location_id: str | None = None  # its nearest site, for a local one
    fits: bool = False  # marked with one of the needs asked about


@dataclass(frozen=True)
class Matches:
    national: list[Found] = field(default_factory=list)  # by rank, then name
    local: list[Found] = field(default_factory=list)  # nearest first


@dataclass(frozen=True)
class Page:
    local: list[ServiceResult]
    national: list[ServiceResult]
    more_left: bool  # matches not shown and not skipped
    skipped_national: bool  # a national match was left out because it was shown before
    for_needs: bool = False  # the page's near services are those that fit a need asked about
    national_for_needs: bool = False  # and its national ones (help from anywhere that fits)
    near_left_for_needs: bool = False  # near ones were left out for national ones that fit


def _topic_links(topic: str) -> Subquery:
    return (
        select(Attribute.link_id, Attribute.value)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .where(
            TaxonomyTerm.vocabulary == TOPIC_VOCABULARY,
            TaxonomyTerm.code == topic,
            Attribute.link_type == "service",
        )
        .subquery()
    )


def service_topics(session: Session, ids: list[str]) -> dict[str, list[str]]:
    """The topics of these services, by id (each in code order)."""
    rows = session.execute(
        select(Attribute.link_id, TaxonomyTerm.code)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .where(
            TaxonomyTerm.vocabulary == TOPIC_VOCABULARY,
            Attribute.link_type == "service",
            Attribute.link_id.in_(ids),
        )
        .order_by(TaxonomyTerm.code)
    )
    topics: dict[str, list[str]] = {}
    for service_id, code in rows:
        topics.setdefault(service_id, []).append(code)
    return topics


def find_services(session: Session, query: ServiceQuery) -> Matches:
    """Which services match, in order: two narrow queries that load no service's rows."""
    links = _topic_links(query.topic)
    conditions: list[ColumnElement[bool]] = [Service.status == "active"]
    age_filter = _age_filter(query)
    if age_filter is not None:
        conditions.append(age_filter)
    has_site = select(ServiceAtLocation.id).where(ServiceAtLocation.service_id == Service.id)
    # Offered to everybody only when it says so: a feed's service with no address may be a
    # council's phone line for one borough, and must not reach a parent at the other end
    # of the country.
    nationwide = select(ServiceArea.id).where(
        ServiceArea.service_id == Service.id, func.lower(ServiceArea.name).in_(NATIONAL_AREAS)
    )
    national_rows = session.execute(
        select(Service.id, Service.name, links.c.value)
        .join(links, links.c.link_id == Service.id)
        .where(*conditions, ~has_site.exists(), nationwide.exists())
    ).all()
    fitting = _fitting(session, query.needs)
    national = sorted(
        (Found(id, name, _rank(rank), fits=id in fitting) for id, name, rank in national_rows),
        key=lambda found: (found.rank, found.name),
    )
    local: list[Found] = []
    if query.origin is not None:
        local = _nearest(session, query, links, conditions, fitting)
    return Matches(national, local)


def _fitting(session: Session, needs: tuple[str, ...]) -> set[str]:
    """The ids of the services marked with any of `needs`."""
    if not needs:
        return set()
    return set(
        session.scalars(
            select(Attribute.link_id)
            .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
            .where(
                TaxonomyTerm.vocabulary == NEED_VOCABULARY,
                TaxonomyTerm.code.in_(needs),
                Attribute.link_type == "service",
            )
        )
    )


def _nearest(
    session: Session,
    query: ServiceQuery,
    links: Subquery,
    conditions: list[ColumnElement[bool]],
    fitting: set[str],
) -> list[Found]:
    """Services with a site within the radius, each at its nearest site, nearest first."""
    assert query.origin is not None
    min_lat, max_lat, min_lon, max_lon = bounding_box(query.origin, query.radius_km)
    rows = session.execute(
        select(Service.id, Service.name, Location.id, Location.latitude, Location.longitude)
        .join(links, links.c.link_id == Service.id)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(
            *conditions,
            Location.latitude.between(min_lat, max_lat),
            Location.longitude.between(min_lon, max_lon),
        )
    ).all()
    nearest: dict[str, Found] = {}
    for service_id, name, location_id, latitude, longitude in rows:
        km = distance_km(query.origin, GeoPoint(latitude, longitude))
        best = nearest.get(service_id)
        if km <= query.radius_km and (best is None or km < (best.distance_km or 0.0)):
            nearest[service_id] = Found(
                service_id,
                name,
                distance_km=km,
                location_id=location_id,
                fits=service_id in fitting,
            )
    return sorted(nearest.values(), key=lambda found: (found.distance_km, found.name))


def load_services(session: Session, query: ServiceQuery, found: list[Found]) -> list[ServiceResult]:
    """The full results for `found`, in its order: one query and its related rows."""
    if not found:
        return []
    services = {
        service.id: service
        for service in session.scalars(
            select(Service)
            .where(Service.id.in_([f.id for f in found]))
            .options(
                selectinload(Service.organization),
                selectinload(Service.phones),
                selectinload(Service.schedules),
                selectinload(Service.service_at_locations)
                .selectinload(ServiceAtLocation.location)
                .selectinload(Location.addresses),
            )
        )
    }
    return [_loaded(services[f.id], f, query.now) for f in found if f.id in services]


def _loaded(service: Service, found: Found, now: datetime) -> ServiceResult:
    if found.distance_km is None:
        return _result(service, now)
    site = next(
        s.location for s in service.service_at_locations if s.location_id == found.location_id
    )
    return _result(service, now, distance_km=found.distance_km, address=site_label(site))


def site_label(site: Location) -> str:
    """A site as a parent reads it: its first address, else its name."""
    address = site.addresses[0] if site.addresses else None
    if address:
        return f"{address.address_1}, {address.city} {address.postal_code}"
    return site.name or ""


def search_page(
    session: Session,
    query: ServiceQuery,
    size: int,
    skip_local: Collection[str] = (),
    skip_national: Collection[str] = (),
) -> Page:
    """The next `size` services, near ones first (nearest first), topped up with national
    ones; those in the skip lists left out. Services that fit a need asked about come first:
    when some near ones fit, the page's near ones are only those (so "nearest first" stays
    true of them); when none near fits but national ones do ("my dad died, any help near
    WS1"), those take the page and the near ones only the room left; national ones that fit
    go before the others. Only the page's rows are loaded."""
    matches = find_services(session, query)
    near = [f for f in matches.local if f.id not in skip_local]
    national = [f for f in matches.national if f.id not in skip_national]
    fitting_local = [f for f in near if f.fits]
    fitting_national = [f for f in national if f.fits]
    if fitting_local:
        local = fitting_local
    elif fitting_national:
        local = near[: max(0, size - len(fitting_national))]
    else:
        local = near
    national.sort(key=lambda found: not found.fits)  # stable: the rank order otherwise
    local = local[:size]
    national = national[: size - len(local)]
    shown = {f.id for f in local + national} | set(skip_local)
    left = [f for f in matches.local if f.id not in shown]
    left += [f for f in matches.national if f.id not in shown and f.id not in skip_national]
    return Page(
        local=load_services(session, query, local),
        national=load_services(session, query, national),
        more_left=bool(left),
        skipped_national=any(f.id in skip_national for f in matches.national),
        for_needs=bool(fitting_local),
        national_for_needs=bool(national) and all(f.fits for f in national),
        near_left_for_needs=bool(fitting_national) and not fitting_local and len(local) < len(near),
    )


def search_services(session: Session, query: ServiceQuery) -> SearchResults:
    """Every match, loaded: for the directory's own tools and tests (the chat pages)."""
    matches = find_services(session, query)
    return SearchResults(
        national=load_services(session, query, matches.national),
        local=load_services(session, query, matches.local),
    )


def hours_text(service: Service) -> str | None:
    return next((s.description for s in service.schedules if s.description), None)


def opening_periods(service: Service) -> list[OpeningPeriod]:
    return [
        OpeningPeriod.parse(s.byday, s.opens_at, s.closes_at)
        for s in service.schedules
        if s.byday and s.opens_at and s.closes_at
    ]


def _result(service: Service, now: datetime, **where: Any) -> ServiceResult:
    reviewed = last_review(service.assured_date, service.last_checked)
    return ServiceResult(
        id=service.id,
        name=service.name,
        organization=service.organization.name,
        description=service.description or "",
        url=service.url,
        phones=tuple(PhoneNumber(p.number, p.type, p.description) for p in service.phones),
        hours=hours_text(service),
        open_now=is_open(opening_periods(service), now),
        demo=bool(service.demo),
        reviewed=reviewed,
        stale=is_stale(reviewed, now),
        no_contact=not (service.phones or service.email or service.url),
        **where,
    )


def within_box(origin: GeoPoint, radius_km: float) -> Select:
    """The ids of services with a site in the square around `origin` that holds the circle
    of `radius_km`: a cheap cut in SQL before the exact distances (nearest_site)."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(origin, radius_km)
    return (
        select(ServiceAtLocation.service_id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(Location.latitude.between(min_lat, max_lat))
        .where(Location.longitude.between(min_lon, max_lon))
    )


def nearest_site(
    service: Service, origin: GeoPoint, radius_km: float
) -> tuple[float, Location] | None:
    """The service's nearest site within `radius_km` of `origin`, and how far it is."""
    best: tuple[float, Location] | None = None
    for site in service.service_at_locations:
        location = site.location
        if location.latitude is None or location.longitude is None:
            continue
        km = distance_km(origin, GeoPoint(location.latitude, location.longitude))
        if km <= radius_km and (best is None or km < best[0]):
            best = (km, location)
    return best
