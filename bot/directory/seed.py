"""Load the directory's YAML seed files (data/directory/*.yml) into the database.

Loading is idempotent: a service is replaced whole by its id, so running the seed twice
leaves the database as running it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.config import read_yaml
from bot.directory.models import (
    Address,
    Attribute,
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
from bot.directory.needs import NEED_VOCABULARY, Needs, need_term_id
from bot.directory.postcodes import parse_postcode
from bot.directory.schedule import OpeningPeriod
from bot.directory.topics import TOPIC_VOCABULARY, TOPICS, topic_term_id

PHONE_TYPES = {"voice", "text", "sms", "textphone", "fax"}
COST_FIELDS = {"amount", "option", "description"}
REQUIRED = ("id", "name", "organization", "topics", "description", "source", "checked")


def seed_files(directory_dir: Path) -> list[Path]:
    """Every YAML file of services in data/directory (other files there are tables)."""
    return sorted(p for p in directory_dir.glob("*.yml") if "services" in _read(p))


def _read(path: Path) -> dict[str, Any]:
    loaded = read_yaml(path)
    return loaded if isinstance(loaded, dict) else {}


def validate_service(entry: dict[str, Any]) -> list[str]:
    """Everything wrong with one seed entry, as readable sentences (empty when it is fine)."""
    problems = [f"missing '{key}'" for key in REQUIRED if not entry.get(key)]
    for topic in entry.get("topics") or []:
        if topic not in TOPICS:
            problems.append(f"unknown topic '{topic}'")
    for phone in entry.get("phones") or []:
        if not str(phone.get("number", "")).strip():
            problems.append("phone without a number")
        if phone.get("type", "voice") not in PHONE_TYPES:
            problems.append(f"unknown phone type '{phone.get('type')}'")
    for period in entry.get("schedule") or []:
        try:
            OpeningPeriod.parse(",".join(period["byday"]), period["opens_at"], period["closes_at"])
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            problems.append(f"bad schedule {period!r}: {error}")
    for bound in ("minimum_age", "maximum_age"):
        value = entry.get(bound)
        if value is not None and not (isinstance(value, int) and 0 <= value <= 120):
            problems.append(f"{bound} must be a whole number of years")
    problems.extend(_cost_problems(entry.get("cost")))
    location = entry.get("location")
    if location:
        for key in ("name", "address", "town", "postcode", "latitude", "longitude"):
            if location.get(key) in (None, ""):
                problems.append(f"location missing '{key}'")
        if location.get("postcode") and not parse_postcode(str(location["postcode"])):
            problems.append(f"invalid postcode '{location['postcode']}'")
        lat, lon = location.get("latitude"), location.get("longitude")
        numbers = isinstance(lat, (int, float)) and isinstance(lon, (int, float))
        # Great Britain's rough extent: catches swapped or mistyped coordinates.
        if numbers and not (49.8 <= lat <= 60.9 and -8.7 <= lon <= 1.8):
            problems.append("coordinates outside Great Britain")
    if not isinstance(entry.get("checked"), dt.date):
        problems.append("'checked' must be a date (YYYY-MM-DD)")
    return problems


def _cost_problems(cost: Any) -> list[str]:
    """`cost:` is either the word free or {amount, option, description}; absent: not known."""
    if cost is None or cost == "free":
        return []
    if not isinstance(cost, dict):
        return [f"cost must be 'free' or a mapping, not {cost!r}"]
    problems = [f"unknown cost field '{key}'" for key in cost if key not in COST_FIELDS]
    amount = cost.get("amount")
    if amount is not None and not (isinstance(amount, (int, float)) and amount >= 0):
        problems.append("cost amount must be a number of pounds, 0 or more")
    if amount is None and not cost.get("description"):
        problems.append("cost needs an amount or a description")
    return problems


def _cost_option(service_id: str, cost: Any) -> CostOption:
    if cost == "free":
        return CostOption(
            id=f"{service_id}-cost-0", amount=0.0, currency="GBP", amount_description="Free"
        )
    amount = cost.get("amount")
    return CostOption(
        id=f"{service_id}-cost-0",
        option=cost.get("option"),
        amount=None if amount is None else float(amount),
        currency="GBP" if amount is not None else None,
        amount_description=cost.get("description"),
    )


def load_entries(paths: Iterable[Path]) -> list[tuple[dict[str, Any], bool]]:
    """(entry, demo) pairs from the seed files, refusing the whole load on any bad entry."""
    entries: list[tuple[dict[str, Any], bool]] = []
    errors: list[str] = []
    seen: set[str] = set()
    for path in paths:
        document = _read(path)
        for entry in document.get("services") or []:
            label = f"{path.name}: {entry.get('id', '?')}"
            errors.extend(f"{label}: {problem}" for problem in validate_service(entry))
            if entry.get("id") in seen:
                errors.append(f"{label}: duplicate id")
            seen.add(entry.get("id"))
            entries.append((entry, bool(document.get("demo"))))
    if errors:
        raise ValueError("directory seed data is invalid:\n" + "\n".join(errors))
    return entries


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def ensure_topic_terms(session: Session) -> None:
    for code, words in TOPICS.items():
        session.merge(
            TaxonomyTerm(
                id=topic_term_id(code),
                code=code,
                name=words,
                taxonomy="School Signpost topics",
                vocabulary=TOPIC_VOCABULARY,
            )
        )


def remove_service(session: Session, service_id: str) -> None:
    """Delete a service and what hangs from it, and its locations unless another service
    (from a feed where one family hub hosts many services) still meets people there."""
    existing = session.get(Service, service_id)
    if existing is None:
        return
    location_ids = [sal.location_id for sal in existing.service_at_locations]
    session.execute(delete(Attribute).where(Attribute.link_id == service_id))
    session.delete(existing)
    session.flush()
    for location_id in location_ids:
        shared = session.scalar(
            select(ServiceAtLocation.id).where(ServiceAtLocation.location_id == location_id)
        )
        location = session.get(Location, location_id)
        if location is not None and shared is None:
            session.delete(location)
    session.flush()


def upsert_service(session: Session, entry: dict[str, Any], demo: bool, rank: int) -> None:
    """Replace one service and everything hanging from it."""
    service_id = entry["id"]
    remove_service(session, service_id)
    org_id = f"org-{_slug(entry['organization'])}"
    if session.get(Organization, org_id) is None:
        session.add(Organization(id=org_id, name=entry["organization"]))
        session.flush()
    service = Service(
        id=service_id,
        organization_id=org_id,
        name=entry["name"],
        alternate_name=entry.get("alternate_name"),
        description=" ".join(str(entry["description"]).split()),
        url=entry.get("url"),
        email=entry.get("email"),
        status="active",
        minimum_age=entry.get("minimum_age"),
        maximum_age=entry.get("maximum_age"),
        assured_date=entry["checked"],
        source=str(entry["source"]),
        last_checked=dt.datetime.combine(entry["checked"], dt.time(), tzinfo=dt.timezone.utc),
        demo=demo,
    )
    for n, phone in enumerate(entry.get("phones") or []):
        service.phones.append(
            Phone(
                id=f"{service_id}-phone-{n}",
                number=str(phone["number"]),
                type=phone.get("type", "voice"),
                description=phone.get("description"),
            )
        )
    if entry.get("cost") is not None:
        service.cost_options.append(_cost_option(service_id, entry["cost"]))
    hours = entry.get("hours")
    periods = entry.get("schedule") or []
    for n, period in enumerate(periods):
        service.schedules.append(
            Schedule(
                id=f"{service_id}-schedule-{n}",
                freq="WEEKLY",
                byday=",".join(period["byday"]),
                opens_at=period["opens_at"],
                closes_at=period["closes_at"],
                description=hours,
            )
        )
    if hours and not periods:
        service.schedules.append(Schedule(id=f"{service_id}-schedule-0", description=hours))
    if entry.get("area"):
        service.service_areas.append(
            ServiceArea(
                id=f"{service_id}-area",
                name=entry["area"],
                extent_type="national" if not entry.get("location") else "local",
            )
        )
    location = entry.get("location")
    if location:
        location_id = f"{service_id}-location"
        session.add(
            Location(
                id=location_id,
                name=location["name"],
                latitude=float(location["latitude"]),
                longitude=float(location["longitude"]),
                addresses=[
                    Address(
                        id=f"{location_id}-address",
                        address_1=location["address"],
                        city=location["town"],
                        postal_code=str(parse_postcode(str(location["postcode"]))),
                        country="GB",
                    )
                ],
            )
        )
        service.service_at_locations.append(
            ServiceAtLocation(id=f"{service_id}-at-location", location_id=location_id)
        )
    session.add(service)
    # The order of the seed file is the order the national services are offered in.
    session.add_all(service_links(service_id, entry["topics"], entry.get("needs") or [], rank))


def service_links(
    service_id: str,
    topics: Iterable[str],
    needs: Iterable[str],
    rank: int | dict[str, str | None] | None = None,
) -> list[Attribute]:
    """A service's links to our own terms: its topics (with the rank it is offered in, one
    for all or one for each topic) and the needs it meets."""
    links = []
    for topic in topics:
        value = rank.get(topic) if isinstance(rank, dict) else rank
        links.append(_link(service_id, f"topic-{topic}", topic_term_id(topic), value))
    links += [_link(service_id, f"need-{need}", need_term_id(need)) for need in needs]
    return links


def _link(service_id: str, suffix: str, term_id: str, value: object = None) -> Attribute:
    return Attribute(
        id=f"{service_id}-{suffix}",
        link_id=service_id,
        link_type="service",
        link_entity="service",
        taxonomy_term_id=term_id,
        value=None if value is None else str(value),
    )


def ensure_need_terms(session: Session, needs: Needs) -> None:
    for need in needs.by_code.values():
        session.merge(
            TaxonomyTerm(
                id=need_term_id(need.code),
                code=need.code,
                name=need.label,
                taxonomy="School Signpost needs",
                vocabulary=NEED_VOCABULARY,
            )
        )


def _unknown_needs(entries: list[tuple[dict[str, Any], bool]], needs: Needs) -> list[str]:
    return [
        f"{entry['id']}: unknown need '{need}'"
        for entry, _ in entries
        for need in entry.get("needs") or []
        if need not in needs.by_code
    ]


def seed_directory(session: Session, directory_dir: Path) -> int:
    """Load every seed file; returns how many services were written."""
    entries = load_entries(seed_files(directory_dir))
    needs = Needs.from_file(directory_dir)
    unknown = _unknown_needs(entries, needs)
    if unknown:
        raise ValueError("directory seed data is invalid:\n" + "\n".join(unknown))
    ensure_topic_terms(session)
    ensure_need_terms(session, needs)
    session.flush()
    for rank, (entry, demo) in enumerate(entries):
        upsert_service(session, entry, demo, rank)
        session.flush()
    return len(entries)


def migrate_and_seed(database_url: str, data_dir: Path) -> int:
    """Bring the schema up to date and load the seed directory; returns services loaded."""
    # Imported here: bot.db imports Alembic, which the seed validation alone doesn't need.
    from bot.db import make_engine, make_session_factory, session_scope, upgrade

    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            return seed_directory(session, data_dir / "directory")
    finally:
        engine.dispose()
