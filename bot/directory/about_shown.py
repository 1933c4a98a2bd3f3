"""Answers about the services in the last reply: which is open on a day or now, in the
evening or at the weekend, the nearest, free or not, for a child's age, their numbers, what
one of them does. Answered from the directory's rows (schedules, sites, cost options, age
limits, phones), never guessed: where a record does not say, the answer says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.directory.follow_up import Ask, FollowUp
from bot.directory.models import Location, Service, ServiceAtLocation
from bot.directory.schedule import DAYS, OpeningPeriod, is_open
from bot.directory.search import Found, PhoneNumber, hours_text, opening_periods, site_label
from bot.geo import GeoPoint, distance_km

DAY_NAMES = dict(
    zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True)
)  # fmt: skip
# A phone line's note that says what calling it costs ("Free from landlines and mobiles").
_CALL_COST = re.compile(r"free|cost|charge|bill|credit", re.IGNORECASE)
# An opening that lasts past this is an evening one (minutes after midnight: 6pm).
EVENING_FROM = 18 * 60


@dataclass(frozen=True)
class Site:
    location_id: str
    point: GeoPoint
    address: str


@dataclass(frozen=True)
class Listed:
    """A service from the last reply, with what follow-ups ask about."""

    id: str
    name: str
    description: str
    phones: tuple[PhoneNumber, ...]
    email: str | None
    url: str | None
    hours: str | None
    periods: tuple[OpeningPeriod, ...]
    minimum_age: int | None
    maximum_age: int | None
    costs: tuple[str, ...]  # each cost option in words; empty: the record does not say
    free: bool
    sites: tuple[Site, ...]


def load_listed(session: Session, ids: Sequence[str]) -> list[Listed]:
    """The services with these ids, in this order (ids no longer in the directory left out)."""
    services = {
        service.id: service
        for service in session.scalars(
            select(Service)
            .where(Service.id.in_(list(ids)), Service.status == "active")
            .options(
                selectinload(Service.phones),
                selectinload(Service.schedules),
                selectinload(Service.cost_options),
                selectinload(Service.service_at_locations)
                .selectinload(ServiceAtLocation.location)
                .selectinload(Location.addresses),
            )
        )
    }
    return [_listed(services[i]) for i in ids if i in services]


def _listed(service: Service) -> Listed:
    sites = [
        Site(
            link.location_id,
            GeoPoint(link.location.latitude, link.location.longitude),
            site_label(link.location),
        )
        for link in service.service_at_locations
        if link.location.latitude is not None and link.location.longitude is not None
    ]
    return Listed(
        id=service.id,
        name=service.name,
        description=service.description or "",
        phones=tuple(PhoneNumber(p.number, p.type, p.description) for p in service.phones),
        email=service.email,
        url=service.url,
        hours=hours_text(service),
        periods=tuple(opening_periods(service)),
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        costs=tuple(
            _cost_words(c.amount, c.option, c.amount_description) for c in service.cost_options
        ),  # fmt: skip
        free=any(c.amount == 0 for c in service.cost_options),
        sites=tuple(sites),
    )


def _cost_words(amount: float | None, option: str | None, description: str | None) -> str:
    if amount == 0:
        return description or "free"
    parts = [f"£{amount:.2f}".replace(".00", "")] if amount is not None else []
    parts += [text for text in (option, description) if text]
    # One sentence: "Weekly membership, a weekly shop for a few pounds".
    return ", ".join([parts[0], *(_lower_first(part) for part in parts[1:])]) if parts else ""


def _lower_first(text: str) -> str:
    """Lower-cased inside a sentence ("a weekly shop"), unless it starts with a name
    written in capitals ("NHS")."""
    first = text.split()[0] if text.split() else ""
    return text[0].lower() + text[1:] if first[1:] == first[1:].lower() else text


def pick(listed: list[Listed], text: str, position: int | None) -> list[Listed]:
    """The services the message points at: by name ("is Kooth free"), by position ("the
    second one"), else all of them."""
    named = named_in(listed, text)
    if named:
        return named
    if position is not None and -len(listed) <= position < len(listed):
        return [listed[position]]
    return listed


def named_in(listed: list[Listed], text: str) -> list[Listed]:
    """The services the message calls by name."""
    plain = " ".join(re.sub(r"[^\w+£ ]", " ", text.lower()).split())
    return [service for service in listed if _named(service.name, plain)]


def _named(name: str, plain_text: str) -> bool:
    """Said by its whole name, or by a distinctive first word ("Caldmore" for Caldmore
    Village Family Hub, "Citizens Advice" for Citizens Advice Adviceline)."""
    words = re.sub(r"[^\w+ ]", " ", name.lower()).split()
    if words and words[0] == "the":
        words = words[1:]
    if not words:
        return False
    candidates = {" ".join(words), " ".join(words[:2])}
    if len(words[0]) >= 5:
        candidates.add(words[0])
    return any(re.search(rf"\b{re.escape(c)}\b", plain_text) for c in candidates if c)


def _clock(minutes: int) -> str:
    if minutes in (0, 1440):
        return "midnight"
    hours, mins = divmod(minutes, 60)
    suffix = "am" if hours < 12 else "pm"
    hours = hours % 12 or 12
    return f"{hours}{suffix}" if mins == 0 else f"{hours}:{mins:02d}{suffix}"


def _span(period: OpeningPeriod) -> str:
    if period.opens == 0 and period.closes == 1440:
        return "24 hours"
    return f"{_clock(period.opens)} to {_clock(period.closes)}"


def _when_open(service: Listed, opening: str | None, closed: str) -> str:
    """When it opens (a day, the evening, the weekend), said once for every question of the
    kind: `opening` when its schedule has such a time, `closed` when its schedule has none,
    and what its listing says when it has no schedule at all."""
    if opening:
        return f"{service.name}: {opening}"
    if service.periods:
        return f"{service.name}: {closed}"
    return _hours_unknown(service)


def _day_spans(service: Listed, day: str) -> str | None:
    spans = [_span(p) for p in service.periods if day in p.days]
    return f"{DAY_NAMES[day]}, {' and '.join(spans)}" if spans else None


def _on_day(service: Listed, day: str) -> str:
    spans = _day_spans(service, day)
    return _when_open(service, spans and f"open {spans}.", f"not open on {DAY_NAMES[day]}s.")


def _hours_unknown(service: Listed) -> str:
    if service.hours:
        return f'{service.name}: its listing says "{service.hours}".'
    return f"{service.name}: its listing doesn't give opening times; ask when you contact them."


def _open_now(service: Listed, now: datetime) -> str:
    state = is_open(service.periods, now)
    if state is None:
        return _hours_unknown(service)
    if state:
        return f"{service.name}: open now."
    hours = f" Its hours: {service.hours}." if service.hours else ""
    return f"{service.name}: closed right now.{hours}"


def _evening(period: OpeningPeriod) -> bool:
    """Open past 6pm, or overnight."""
    return period.closes > EVENING_FROM or period.closes <= period.opens


def _evenings(service: Listed) -> str:
    late = [p for p in service.periods if _evening(p)]
    opening = None
    if late:
        days = ", ".join(DAY_NAMES[d] for d in DAYS if any(d in p.days for p in late))
        spans = "; ".join(dict.fromkeys(_span(p) for p in late))
        opening = f"open in the evening on {days} ({spans})."
    return _when_open(service, opening, "not open in the evening.")


def _weekends(service: Listed) -> str:
    days = [spans for d in ("SA", "SU") if (spans := _day_spans(service, d))]
    opening = f"open {' and '.join(days)}." if days else None
    return _when_open(service, opening, "not open at the weekend.")


def _hours_line(service: Listed) -> str:
    if service.hours:
        return f"{service.name}: {service.hours}."
    return _hours_unknown(service)


def _cost(service: Listed) -> str:
    call_costs = [
        p.description for p in service.phones if p.description and _CALL_COST.search(p.description)
    ]
    calls = f" Calls: {call_costs[0]}." if call_costs else ""
    if service.free and len(service.costs) == 1 and service.costs[0].lower() == "free":
        return f"{service.name}: free.{calls}"
    if service.costs:
        return f"{service.name}: {'; '.join(service.costs)}.{calls}"
    return f"{service.name}: its listing doesn't say whether it costs anything; ask them.{calls}"


def _ages(service: Listed) -> str | None:
    low, high = service.minimum_age, service.maximum_age
    if low is not None and high is not None:
        return f"ages {low} to {high}"
    if high is not None:
        return f"under {high + 1}s"
    if low is not None:
        return f"ages {low} and over"
    return None


def _age(service: Listed, age: int | None) -> str:
    ages = _ages(service)
    if ages is None:
        return f"{service.name}: its listing gives no age limit."
    if age is None:
        return f"{service.name}: for {ages}."
    fits = (service.minimum_age is None or service.minimum_age <= age) and (
        service.maximum_age is None or age <= service.maximum_age
    )
    return f"{service.name}: {'yes' if fits else 'no'}, it is for {ages}."


def _contact(service: Listed) -> str:
    routes = []
    for phone in service.phones:
        verb = "text" if phone.type in ("sms", "text") else "call"
        note = f" ({phone.description})" if phone.description else ""
        routes.append(f"{verb} {phone.number}{note}")
    if service.email:
        routes.append(f"email {service.email}")
    if service.url:
        routes.append(service.url)
    if not routes:
        return f"{service.name}: its listing gives no phone, email or website."
    return f"{service.name}: {'; '.join(routes)}."


def _about(service: Listed) -> str:
    return f"{service.name}: {service.description}"


def _nearest_site(service: Listed, origin: GeoPoint) -> tuple[float, Site] | None:
    if not service.sites:
        return None
    return min(((distance_km(origin, s.point), s) for s in service.sites),
               key=lambda pair: pair[0])  # fmt: skip


def as_found(service: Listed, origin: GeoPoint | None) -> Found:
    """The service as the search would have found it: at its nearest site, when a place is
    known, so that its card says how far it is and sits under the place's heading."""
    nearest = _nearest_site(service, origin) if origin else None
    if nearest is None:
        return Found(service.id, service.name)
    km, site = nearest
    return Found(service.id, service.name, distance_km=km, location_id=site.location_id)


def _nearest(services: list[Listed], origin: GeoPoint | None) -> list[str]:
    if origin is None:
        return [
            "Tell me your postcode or town and I'll say which of them is nearest.",
        ]
    placed = []
    anywhere = []
    for service in services:
        nearest = _nearest_site(service, origin)
        if nearest is None:
            anywhere.append(service.name)
            continue
        km, site = nearest
        placed.append((km, service.name, site.address))
    placed.sort()
    lines = [
        f"{'Nearest: ' if n == 0 and len(placed) > 1 else ''}{name}, {km:.1f} km away"
        + (f", {address}." if address else ".")
        for n, (km, name, address) in enumerate(placed)
    ]
    if anywhere:
        lines.append(f"{' and '.join(anywhere)}: by phone or online, from anywhere.")
    return lines


def answer_about(
    listed: list[Listed], question: FollowUp, text: str, now: datetime, origin: GeoPoint | None
) -> list[str]:
    """One short section for each thing asked, about the services pointed at."""
    services = pick(listed, text, question.position)
    sections: list[list[str]] = []
    for ask in question.asks:
        match ask:
            case Ask.OPEN_ON_DAY:
                lines = [_on_day(s, day) for day in question.days for s in services]
            case Ask.OPEN_NOW:
                lines = [_open_now(s, now) for s in services]
            case Ask.EVENINGS:
                lines = [_evenings(s) for s in services]
            case Ask.WEEKENDS:
                lines = [_weekends(s) for s in services]
            case Ask.HOURS:
                lines = [_hours_line(s) for s in services]
            case Ask.NEAREST:
                lines = _nearest(services, origin)
            case Ask.COST:
                lines = [_cost(s) for s in services]
            case Ask.AGE:
                lines = [_age(s, question.age) for s in services]
            case Ask.CONTACT:
                lines = [_contact(s) for s in services]
            case Ask.ABOUT:
                lines = [_about(s) for s in services]
        sections.append(lines)
    if _none_open(question, services):
        sections.append(['None of these is open then. Say "more" to see other services.'])
    return ["\n".join(lines) for lines in sections]


def _none_open(question: FollowUp, services: list[Listed]) -> bool:
    """Asked only when they open, and every one is known to be closed then: say what next."""
    timed = {Ask.OPEN_ON_DAY, Ask.EVENINGS, Ask.WEEKENDS}
    if not set(question.asks) <= timed or not all(s.periods for s in services):
        return False
    periods = [p for s in services for p in s.periods]
    asked_days = set(question.days) if Ask.OPEN_ON_DAY in question.asks else set()
    if Ask.WEEKENDS in question.asks:
        asked_days |= {"SA", "SU"}
    on_a_day = any(p.days & asked_days for p in periods)
    in_the_evening = Ask.EVENINGS in question.asks and any(map(_evening, periods))
    return not (on_a_day or in_the_evening)
