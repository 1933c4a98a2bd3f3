"""Write one HSDS 3 service record into the directory tables.

The importer calls this inside a SAVEPOINT, so a record that fails half-way (a value too
long for its column, say) leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy.orm import Session

from bot.directory.models import (
    Address,
    Attribute,
    Base,
    CostOption,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from bot.directory.openreferral.topic_map import Term, is_our_need
from bot.directory.postcodes import parse_postcode
from bot.directory.schedule import OpeningPeriod
from bot.directory.seed import remove_service, service_links
from bot.directory.topics import TOPIC_VOCABULARY
from bot.geo import GeoPoint

# Finds a point for a UK postcode when a feed's location has no usable coordinates.
PlacePostcode = Callable[[str], GeoPoint | None]


class RecordProblem(ValueError):
    """The record is valid HSDS but we cannot store it as it is (one line, for the report)."""


# Raised when this module starts writing more of a record (2: cost options), so the next
# import rewrites services a digest of the same record would call unchanged.
WRITES = 2


def record_digest(record: dict[str, Any], topics: set[str], needs: Collection[str] = ()) -> str:
    """Changes when the record or the topics and needs it maps to change, or what we write
    of a record changes; and only then."""
    mapped = [sorted(topics), sorted(needs)] if needs else [sorted(topics)]
    canonical = json.dumps([WRITES, record, *mapped], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def is_our_topic(term: Term) -> bool:
    return TOPIC_VOCABULARY in (term.vocabulary, term.taxonomy)


def _text(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError as error:
        raise RecordProblem(f"assured_date {value!r} is not a date") from error


def _clock(value: Any, closing: bool = False) -> str | None:
    """HSDS times are "HH:MM:SS"; we keep "HH:MM", and a close at 23:59 means midnight."""
    text = str(value or "")[:5]
    if len(text) != 5 or text[2] != ":" or not (text[:2] + text[3:]).isdigit():
        return None
    return "24:00" if closing and text == "23:59" else text


def _age(value: Any) -> Any:
    """Placecube's ORUK feeds (Bristol's) write -1 for "no age limit": stored as a limit it
    would turn every child away, so a negative age is no limit."""
    return None if isinstance(value, (int, float)) and value < 0 else value


def _coordinate(value: Any, limit: float) -> float | None:
    return float(value) if isinstance(value, (int, float)) and -limit <= value <= limit else None


class _Ids:
    """Row ids for one record: the feed's own where free, else made unique by the service's.

    Feeds reuse one id for the same phone under the service, its location and its contact,
    and sometimes across services; our tables give each row one owner."""

    def __init__(self, session: Session, service_id: str) -> None:
        self._session = session
        self._service_id = service_id
        self._used: set[tuple[type, str]] = set()

    def claim(self, model: type[Base], wanted: Any, fallback: str) -> str:
        candidate = str(wanted) if wanted else f"{self._service_id}-{fallback}"
        if (model, candidate) in self._used or self._session.get(model, candidate) is not None:
            candidate = f"{self._service_id}:{candidate}"
        self._used.add((model, candidate))
        return candidate


def _organization(session: Session, record: dict[str, Any]) -> str:
    nested = record.get("organization") or {}
    org_id = nested.get("id") or record.get("organization_id")
    if not org_id:
        raise RecordProblem("no organization")
    existing = session.get(Organization, org_id)
    if not nested.get("name"):
        if existing is None:
            raise RecordProblem(f"organization {org_id} is not in the feed")
        return str(org_id)
    organization = existing or Organization(id=org_id)
    organization.name = _text(nested["name"])
    organization.description = _text(nested.get("description"))
    organization.email = nested.get("email")
    organization.website = nested.get("website")
    session.add(organization)
    return str(org_id)


def _schedules(service: Service, record: dict[str, Any], ids: _Ids) -> None:
    for n, item in enumerate(record.get("schedules") or []):
        # Every week only: a fortnightly session shown as weekly sends a family on the wrong week.
        weekly = str(item.get("freq", "")).upper() == "WEEKLY" and item.get("interval") in (None, 1)
        byday = item.get("byday") if weekly else None
        opens, closes = _clock(item.get("opens_at")), _clock(item.get("closes_at"), closing=True)
        try:
            usable = bool(byday and opens and closes and OpeningPeriod.parse(byday, opens, closes))
        except ValueError:
            usable = False  # a pattern we cannot read (monthly, "first Monday"): words only
        description = _text(item.get("description"))
        if not usable and not description:
            continue
        service.schedules.append(
            Schedule(
                id=ids.claim(Schedule, item.get("id"), f"schedule-{n}"),
                freq="WEEKLY" if usable else None,
                byday=byday if usable else None,
                opens_at=opens if usable else None,
                closes_at=closes if usable else None,
                description=description,
            )
        )


def _cost_options(service: Service, record: dict[str, Any], ids: _Ids) -> None:
    for n, item in enumerate(record.get("cost_options") or []):
        amount = item.get("amount")
        amount = float(amount) if isinstance(amount, (int, float)) and amount >= 0 else None
        option, words = _text(item.get("option")), _text(item.get("amount_description"))
        if amount is None and not option and not words:
            continue  # says nothing about the cost
        service.cost_options.append(
            CostOption(
                id=ids.claim(CostOption, item.get("id"), f"cost-{n}"),
                option=option,
                amount=amount,
                currency=(_text(item.get("currency")) or "")[:3] or None,
                amount_description=words,
            )
        )


def _location(
    session: Session, item: dict[str, Any], place: PlacePostcode | None
) -> tuple[Location, bool]:
    """The location (shared between services when the feed shares it); True when placed."""
    location = session.get(Location, item["id"]) or Location(id=item["id"])
    location.name = _text(item.get("name"))
    location.location_type = item.get("location_type") or "physical"
    location.latitude = _coordinate(item.get("latitude"), 90)
    location.longitude = _coordinate(item.get("longitude"), 180)
    addresses = []
    for n, address in enumerate(item.get("addresses") or []):
        row = session.get(Address, address.get("id")) if address.get("id") else None
        row = row or Address(id=address.get("id") or f"{item['id']}-address-{n}")
        row.address_1 = _text(address.get("address_1")) or ""
        row.city = _text(address.get("city")) or ""
        row.state_province = _text(address.get("state_province"))
        postcode = parse_postcode(str(address.get("postal_code") or ""))
        row.postal_code = str(postcode) if postcode else (_text(address.get("postal_code")) or "")
        row.country = (address.get("country") or "GB")[:2]
        row.address_type = address.get("address_type") or "physical"
        addresses.append(row)
    location.addresses = addresses
    if (location.latitude is None or location.longitude is None) and place is not None:
        for row in addresses:
            point = place(row.postal_code) if parse_postcode(row.postal_code) else None
            if point is not None:
                location.latitude, location.longitude = point.latitude, point.longitude
                break
    session.add(location)
    placed = location.latitude is not None and location.longitude is not None
    return location, placed


def _terms(session: Session, service: Service, record: dict[str, Any], ids: _Ids) -> None:
    for n, attribute in enumerate(record.get("attributes") or []):
        given = attribute.get("taxonomy_term") or {}
        term = Term.from_record(given)
        term_id = attribute.get("taxonomy_term_id") or term.id
        if not term_id or is_our_topic(term) or is_our_need(term):
            continue  # our own topics and needs are re-derived from the mapping below
        row = session.get(TaxonomyTerm, term_id) or TaxonomyTerm(id=term_id)
        row.code = str(term.code or row.code or term_id)
        row.name = _text(term.name) or row.name or str(term_id)
        row.description = _text(given.get("description")) or row.description
        row.taxonomy = term.taxonomy or row.taxonomy
        row.vocabulary = term.vocabulary or row.vocabulary
        session.add(row)
        session.add(
            Attribute(
                id=ids.claim(Attribute, attribute.get("id"), f"attribute-{n}"),
                link_id=service.id,
                link_type=attribute.get("link_type") or "service",
                link_entity=attribute.get("link_entity") or "service",
                taxonomy_term_id=term_id,
                value=None if attribute.get("value") is None else str(attribute["value"]),
            )
        )


def _topic_ranks(record: dict[str, Any]) -> dict[str, str | None]:
    """The offer order our own API exported with each topic, kept across a round trip."""
    ranks: dict[str, str | None] = {}
    for attribute in record.get("attributes") or []:
        term = Term.from_record(attribute.get("taxonomy_term") or {})
        if is_our_topic(term) and term.code:
            ranks[str(term.code)] = attribute.get("value")
    return ranks


def write_record(
    session: Session,
    record: dict[str, Any],
    *,
    feed: str,
    topics: set[str],
    digest: str,
    checked_at: dt.datetime,
    place: PlacePostcode | None = None,
    needs: Collection[str] = (),
) -> bool:
    """Replace the service with the record; True when at least one of its sites is placed
    on the map (or it has none)."""
    service_id = str(record["id"])
    remove_service(session, service_id)
    ids = _Ids(session, service_id)
    service = Service(
        id=service_id,
        organization_id=_organization(session, record),
        name=_text(record.get("name")),
        alternate_name=_text(record.get("alternate_name")),
        description=_text(record.get("description")),
        # The UK profile's listing requires a url, so feeds send "" when they have none.
        url=record.get("url") or None,
        email=record.get("email") or None,
        eligibility_description=_text(record.get("eligibility_description")),
        status=record.get("status") or "active",
        minimum_age=_age(record.get("minimum_age")),
        maximum_age=_age(record.get("maximum_age")),
        assured_date=_date(record.get("assured_date")),
        source=feed,
        feed=feed,
        content_hash=digest,
        last_checked=checked_at,
        demo=False,
    )
    if not service.name:
        raise RecordProblem("no name")
    for n, phone in enumerate(record.get("phones") or []):
        if _text(phone.get("number")):
            service.phones.append(
                Phone(
                    id=ids.claim(Phone, phone.get("id"), f"phone-{n}"),
                    number=_text(phone["number"]),
                    type=phone.get("type") or "voice",
                    description=_text(phone.get("description")),
                )
            )
    _schedules(service, record, ids)
    _cost_options(service, record, ids)
    for n, area in enumerate(record.get("service_areas") or []):
        name = _text(area.get("name")) or _text(area.get("description"))
        if name:
            service.service_areas.append(
                ServiceArea(
                    id=ids.claim(ServiceArea, area.get("id"), f"area-{n}"),
                    name=name[:255],
                    extent_type=area.get("extent_type"),
                )
            )
    sites = [
        s for s in record.get("service_at_locations") or [] if (s.get("location") or {}).get("id")
    ]
    placed = not sites
    for n, site in enumerate(sites):
        location, located = _location(session, site["location"], place)
        placed = placed or located
        service.service_at_locations.append(
            ServiceAtLocation(
                id=ids.claim(ServiceAtLocation, site.get("id"), f"site-{n}"), location=location
            )
        )
    session.add(service)
    session.flush()
    _terms(session, service, record, ids)
    session.add_all(service_links(service_id, sorted(topics), sorted(needs), _topic_ranks(record)))
    session.flush()
    return placed
