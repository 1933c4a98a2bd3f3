"""The query parameters of an Open Referral `/services` request, as a database query.

The wording follows the Open Referral UK 3.0 OpenAPI (`data/openreferral/oruk-3.0/openapi.json`),
and every filter is what the ORUK validator's Level 2 tests send (see
/work/shared/openreferral/oruk-validator/VALIDATOR.md): the service they pick from the feed
must come back when its own name, taxonomy, ages or opening times are asked for.
Filters combine with AND.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql import ColumnElement, Select

from bot.directory.models import (
    Address,
    Attribute,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from bot.directory.postcodes import Postcode
from bot.directory.schedule import DAYS

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Programs send days as RRULE codes (what `byday` holds); people write them in English.
_DAY_NAMES = {
    name: code
    for code, weekday in zip(DAYS, _WEEKDAYS, strict=True)
    for name in (code.lower(), weekday, weekday[:3])
}
# HSDS writes "09:00:00"; 3.1 adds an optional zone, which we read past: the directory's
# hours are UK local time and carry no zone.
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:Z|[+-]\d{2}:?\d{2})?")


def parse_days(text: str) -> tuple[str, ...]:
    """RRULE day codes for `MO,TU`, `monday` or `Sat, Sun`; ValueError if one is not a day."""
    days: list[str] = []
    for part in text.split(","):
        code = _DAY_NAMES.get(part.strip().lower())
        if code is None:
            raise ValueError(f"{part.strip()!r} is not a day (MO, TU ... SU)")
        days.append(code)
    return tuple(dict.fromkeys(days))


def parse_clock(text: str, closing: bool = False) -> str:
    """`09:00`, `09:00:00` or `9:00Z` as "09:00", the form the schedule table keeps.

    A closing time of 23:59 is midnight, stored as "24:00" (we serve it as 23:59:00 because
    HSDS times stop there), so a client that sends back what we served still matches.
    """
    found = _CLOCK.fullmatch(text.strip())
    hours, minutes = (int(found.group(1)), int(found.group(2))) if found else (25, 0)
    if minutes > 59 or hours * 60 + minutes > 24 * 60:
        raise ValueError(f"{text!r} is not a time (HH:MM or HH:MM:SS)")
    clock = f"{hours:02d}:{minutes:02d}"
    return "24:00" if closing and clock >= "23:59" else clock


@dataclass(frozen=True)
class Opening:
    """Open on one of `days` in a period that starts at or after `starts` and ends at or
    before `ends` (the OpenAPI's wording; the validator's reference build reads it the same
    way). Times are "HH:MM", which compare as text."""

    days: tuple[str, ...] = ()
    starts: str | None = None
    ends: str | None = None


@dataclass(frozen=True)
class ServiceFilters:
    text: str = ""
    taxonomy_term_id: str | None = None
    # A taxonomy; or, with `vocabulary` beside it, a term as ORUK 1.0 clients send it.
    taxonomy_id: str | None = None
    vocabulary: str | None = None
    # The OpenAPI's wording: a minimum age of at least, a maximum age of at most, the value.
    minimum_age: float | None = None
    maximum_age: float | None = None
    opening: Opening | None = None


def _text(text: str) -> ColumnElement[bool]:
    pattern = f"%{text.lower()}%"
    return or_(
        func.lower(Service.name).like(pattern),
        func.lower(Service.description).like(pattern),
        func.lower(Organization.name).like(pattern),
    )


def _with_terms(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    return Service.id.in_(
        select(Attribute.link_id)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .where(*conditions)
    )


def _in_taxonomy(taxonomy: str) -> ColumnElement[bool]:
    # A term keeps its taxonomy's id in `vocabulary` and its name in `taxonomy`.
    return or_(TaxonomyTerm.vocabulary == taxonomy, TaxonomyTerm.taxonomy == taxonomy)


def _taxonomy(taxonomy_id: str | None, vocabulary: str | None) -> ColumnElement[bool]:
    """HSDS 3 names a taxonomy in `taxonomy_id`. ORUK 1.0 called a term's id `taxonomy_id`
    and its taxonomy `vocabulary`, and the validator's Taxonomy Test still sends that pair:
    `vocabulary` beside it says which meaning is asked."""
    if vocabulary is None:
        return _with_terms(_in_taxonomy(taxonomy_id or ""))
    if taxonomy_id is None:
        return _with_terms(_in_taxonomy(vocabulary))
    return _with_terms(_in_taxonomy(vocabulary), TaxonomyTerm.id == taxonomy_id)


def _opening(opening: Opening) -> ColumnElement[bool]:
    conditions = [Schedule.service_id == Service.id]
    if opening.days:
        conditions.append(or_(*(Schedule.byday.like(f"%{day}%") for day in opening.days)))
    if opening.starts is not None:
        conditions.append(Schedule.opens_at >= opening.starts)
    if opening.ends is not None:
        conditions.append(Schedule.closes_at <= opening.ends)
    # One period has to meet them all: open on Monday 9-5 and Saturday 10-12 is not
    # "Saturday, 9 to 5".
    return select(Schedule.id).where(and_(*conditions)).exists()


def services_matching(filters: ServiceFilters) -> Select:
    """The shared, non-demo services that pass every filter (unordered)."""
    query = select(Service).join(Organization).where(Service.demo.is_(False))
    if filters.text:
        query = query.where(_text(filters.text))
    if filters.taxonomy_term_id:
        query = query.where(_with_terms(TaxonomyTerm.id == filters.taxonomy_term_id))
    if filters.taxonomy_id or filters.vocabulary:
        query = query.where(_taxonomy(filters.taxonomy_id, filters.vocabulary))
    if filters.minimum_age is not None:
        query = query.where(Service.minimum_age >= filters.minimum_age)
    if filters.maximum_age is not None:
        query = query.where(Service.maximum_age <= filters.maximum_age)
    if filters.opening is not None:
        query = query.where(_opening(filters.opening))
    return query


def at_postcode(postcode: Postcode) -> Select:
    """The ids of services with an address at this full postcode, however it is spaced.

    A search by postcode must find the services at that postcode even when we can place it
    only at its district's centre (postcodes.io unreachable), which can be kilometres away.
    """
    compact = f"{postcode.outcode}{postcode.incode}"
    return (
        select(ServiceAtLocation.service_id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .join(Address, Address.location_id == Location.id)
        .where(func.upper(func.replace(Address.postal_code, " ", "")) == compact)
    )
