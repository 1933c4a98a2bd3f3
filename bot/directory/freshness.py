"""Which services nobody has confirmed for a while, and what each source holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from bot.db import as_utc
from bot.directory.models import Attribute, Service, TaxonomyTerm
from bot.directory.needs import NEED_VOCABULARY
from bot.directory.openreferral.topic_map import Term, TopicMap

# One threshold for the admins' list and the chat; SIGNPOST_STALE_DAYS or the page's own
# field changes the list's.
from bot.directory.reviewed import DEFAULT_STALE_DAYS as DEFAULT_STALE_DAYS
from bot.directory.topics import TOPIC_VOCABULARY


@dataclass(frozen=True)
class StaleService:
    id: str
    name: str
    source: str
    status: str
    last_checked: datetime | None


@dataclass(frozen=True)
class SourceCount:
    source: str  # a feed's URL or file, or "seed data"
    active: int
    inactive: int


def stale_services(session: Session, now: datetime, days: int) -> list[StaleService]:
    cutoff = now - timedelta(days=days)
    rows = session.scalars(
        select(Service)
        .where(Service.demo.is_(False), Service.status == "active")
        .where(or_(Service.last_checked.is_(None), Service.last_checked < cutoff))
        .order_by(Service.last_checked.is_not(None), Service.last_checked, Service.name)
    )
    return [
        StaleService(
            s.id,
            s.name,
            s.feed or s.source or "unknown",
            s.status,
            as_utc(s.last_checked) if s.last_checked else None,
        )
        for s in rows
    ]


def source_counts(session: Session) -> list[SourceCount]:
    source = func.coalesce(Service.feed, "seed data")
    active = func.sum(case((Service.status == "active", 1), else_=0))
    rows = session.execute(
        select(source, active, func.count() - active)
        .where(Service.demo.is_(False))
        .group_by(source)
        .order_by(source)
    )
    return [SourceCount(name, int(a or 0), int(i or 0)) for name, a, i in rows]


def unmapped_terms(session: Session, topic_map: TopicMap) -> list[tuple[str, int]]:
    """Feed terms on imported services that map to no topic, with how many services."""
    rows = session.execute(
        select(TaxonomyTerm, func.count(Attribute.id))
        .join(Attribute, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        # Our own topics and needs (seed data's `needs:`) are not a feed's terms to map.
        .where(
            or_(
                TaxonomyTerm.vocabulary.is_(None),
                TaxonomyTerm.vocabulary.not_in((TOPIC_VOCABULARY, NEED_VOCABULARY)),
            )
        )
        .group_by(TaxonomyTerm.id)
        .order_by(func.count(Attribute.id).desc(), TaxonomyTerm.name)
    )
    found = []
    for term, count in rows:
        as_feed_term = Term(term.id, term.name, term.code, term.taxonomy, term.vocabulary)
        if not topic_map.topics_for(as_feed_term):
            found.append((as_feed_term.label, int(count)))
    return found
