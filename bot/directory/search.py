"""Find services for a topic: national ones for everybody, local ones by distance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from bot.directory.models import (
    Attribute,
    Location,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
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

    @property
    def main_phone(self) -> str | None:
        return self.phones[0].number if self.phones else None

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


def search_services(session: Session, query: ServiceQuery) -> SearchResults:
    topic_links = (
        select(Attribute.link_id, Attribute.value)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .where(
            TaxonomyTerm.vocabulary == TOPIC_VOCABULARY,
            TaxonomyTerm.code == query.topic,
            Attribute.link_type == "service",
        )
        .subquery()
    )
    statement = (
        select(Service, topic_links.c.value)
        .join(topic_links, topic_links.c.link_id == Service.id)
        .where(Service.status == "active")
        .options(
            selectinload(Service.organization),
            selectinload(Service.phones),
            selectinload(Service.schedules),
            selectinload(Service.service_at_locations)
            .selectinload(ServiceAtLocation.location)
            .selectinload(Location.addresses),
        )
    )
    age_filter = _age_filter(query)
    if age_filter is not None:
        statement = statement.where(age_filter)
    has_location = select(ServiceAtLocation.service_id).scalar_subquery()
    # Offered to everybody only when it says so: a feed's service with no address may be a
    # council's phone line for one borough, and must not reach a parent at the other end
    # of the country.
    nationwide = select(ServiceArea.service_id).where(
        func.lower(ServiceArea.name).in_(NATIONAL_AREAS)
    )
    national_rows = session.execute(
        statement.where(Service.id.not_in(has_location), Service.id.in_(nationwide))
    ).all()
    national = [
        _result(service, query.now)
        for service, rank in sorted(national_rows, key=lambda row: (_rank(row[1]), row[0].name))
    ]
    local: list[ServiceResult] = []
    if query.origin is not None:
        nearby = within_box(query.origin, query.radius_km).scalar_subquery()
        for service, _rank_value in session.execute(statement.where(Service.id.in_(nearby))):
            result = _nearest_site(service, query)
            if result is not None:
                local.append(result)
        local.sort(key=lambda r: (r.distance_km, r.name))
    return SearchResults(national=national, local=local)


def _hours(service: Service) -> str | None:
    return next((s.description for s in service.schedules if s.description), None)


def _periods(service: Service) -> list[OpeningPeriod]:
    return [
        OpeningPeriod.parse(s.byday, s.opens_at, s.closes_at)
        for s in service.schedules
        if s.byday and s.opens_at and s.closes_at
    ]


def _result(service: Service, now: datetime, **where: Any) -> ServiceResult:
    return ServiceResult(
        id=service.id,
        name=service.name,
        organization=service.organization.name,
        description=service.description or "",
        url=service.url,
        phones=tuple(PhoneNumber(p.number, p.type, p.description) for p in service.phones),
        hours=_hours(service),
        open_now=is_open(_periods(service), now),
        demo=bool(service.demo),
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


def _nearest_site(service: Service, query: ServiceQuery) -> ServiceResult | None:
    assert query.origin is not None
    best = nearest_site(service, query.origin, query.radius_km)
    if best is None:
        return None
    km, location = best
    address = location.addresses[0] if location.addresses else None
    label = (
        f"{address.address_1}, {address.city} {address.postal_code}" if address else location.name
    )
    return _result(service, query.now, distance_km=km, address=label)
