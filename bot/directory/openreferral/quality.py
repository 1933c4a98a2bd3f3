"""How far one feed's records can be trusted: what share of its active services has each
thing a parent needs, and the records missing the most.

The Department for Education stopped its national family-hubs directory in 2025 because
councils' data was too uneven to rely on; this says, feed by feed, how uneven it is. It
reads the database as an import left it, so the import's report and the console agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.directory.models import (
    Attribute,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from bot.directory.search import NATIONAL_AREAS
from bot.directory.topics import TOPIC_VOCABULARY

# HSDS 3 and Open Referral UK ask for UUIDs, and the ORUK validator flags any other id;
# the same pattern as its check (oruk-validator/VALIDATOR.md, "Formats").
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)

# The worst records listed: enough to start on, few enough to read.
WORST = 10


@dataclass(frozen=True)
class Check:
    key: str
    label: str  # what a record has, in the report's table
    missing: str  # what a record lacks, in the list of the worst ones


CHECKS = (
    Check("id", "a valid id (UUID)", "valid id"),
    Check("contact", "a phone, email or website", "contact"),
    Check("place", "a site on the map or a national area", "place"),
    Check("hours", "opening days and times", "opening times"),
    Check("ages", "an age range", "ages"),
    Check("topic", "a topic the chat offers", "topic"),
    Check("reviewed", "a last review date", "review date"),
)


@dataclass(frozen=True)
class RecordGaps:
    id: str
    name: str
    missing: tuple[str, ...]  # Check.missing of each check it fails, in CHECKS order


@dataclass(frozen=True)
class Share:
    check: Check
    have: int
    of: int

    @property
    def percent(self) -> int:
        # Rounded down: a feed with one record missing of 300 is not "100%".
        return self.have * 100 // self.of if self.of else 0


@dataclass(frozen=True)
class FeedQuality:
    feed: str
    active: int
    shares: tuple[Share, ...]  # one per check, in CHECKS order
    worst: tuple[RecordGaps, ...]  # the records missing the most, up to WORST
    incomplete: int  # active records missing at least one thing

    def share(self, key: str) -> Share:
        return next(s for s in self.shares if s.check.key == key)

    def render(self) -> str:
        if not self.active:
            return f"data quality of {self.feed}: no active services"
        width = max(len(s.check.label) for s in self.shares)
        lines = [f"data quality of {self.feed} ({self.active} active services):"]
        lines += [
            f"  {s.check.label:<{width}}  {s.have:>5} of {s.of}  {s.percent:>3}%"
            for s in self.shares
        ]
        if self.worst:
            shown = len(self.worst)
            lines.append(
                f"records with gaps ({self.incomplete}):"
                if shown == self.incomplete
                else f"the {shown} records missing the most (of {self.incomplete} with gaps):"
            )
            lines += [f"  {r.name} [{r.id}]: no {', '.join(r.missing)}" for r in self.worst]
        else:
            lines.append("every active record has all of these")
        return "\n".join(lines)


def _flags(feed: str) -> Select:
    """One row a service: its id and name, then one boolean a check, in CHECKS order."""
    phone = select(Phone.id).where(Phone.service_id == Service.id).exists()
    placed = (
        select(ServiceAtLocation.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(
            ServiceAtLocation.service_id == Service.id,
            Location.latitude.is_not(None),
            Location.longitude.is_not(None),
        )
        .exists()
    )
    national = (
        select(ServiceArea.id)
        .where(
            ServiceArea.service_id == Service.id, func.lower(ServiceArea.name).in_(NATIONAL_AREAS)
        )
        .exists()
    )
    # The importer keeps days and times only when it can read them as weekly periods; a
    # row with words alone ("school holidays only") cannot say whether it is open.
    hours = (
        select(Schedule.id)
        .where(
            Schedule.service_id == Service.id,
            Schedule.byday.is_not(None),
            Schedule.opens_at.is_not(None),
            Schedule.closes_at.is_not(None),
        )
        .exists()
    )
    topic = (
        select(Attribute.id)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .where(
            Attribute.link_id == Service.id,
            Attribute.link_type == "service",
            TaxonomyTerm.vocabulary == TOPIC_VOCABULARY,
        )
        .exists()
    )
    return (
        select(
            Service.id,
            Service.name,
            or_(phone, Service.email.is_not(None), Service.url.is_not(None)),
            or_(placed, national),
            hours,
            or_(Service.minimum_age.is_not(None), Service.maximum_age.is_not(None)),
            topic,
            Service.assured_date.is_not(None),
        )
        .where(and_(Service.feed == feed, Service.status == "active"))
        .order_by(Service.name, Service.id)
    )


def feed_quality(session: Session, feed: str, worst: int = WORST) -> FeedQuality:
    """The report for `feed` (a Service.feed value: the feed's URL or file)."""
    records: list[tuple[str, str, tuple[bool, ...]]] = [
        (service_id, name, (bool(UUID.match(service_id)), *(bool(flag) for flag in flags)))
        for service_id, name, *flags in session.execute(_flags(feed))
    ]
    shares = tuple(
        Share(check, sum(1 for *_, has in records if has[n]), len(records))
        for n, check in enumerate(CHECKS)
    )
    gaps = [
        RecordGaps(
            service_id, name, tuple(c.missing for c, ok in zip(CHECKS, has, strict=True) if not ok)
        )
        for service_id, name, has in records
    ]
    gaps = [g for g in gaps if g.missing]
    # Most missing first; by name (the query's order) among equals, so the list is stable.
    gaps.sort(key=lambda g: -len(g.missing))
    return FeedQuality(feed, len(records), shares, tuple(gaps[:worst]), len(gaps))


def feeds(session: Session) -> list[str]:
    """Every feed with a service in the directory, active or not."""
    return list(
        session.scalars(
            select(Service.feed).where(Service.feed.is_not(None)).distinct().order_by(Service.feed)
        )
    )
