"""Import an Open Referral feed: validate each record, write it whole, page by page.

- A second import of the same feed changes nothing but the "last checked" time.
- A changed record replaces the old one; a record gone from the feed is marked inactive.
- A record the directory cannot hold (no id, name or status, a fault in its own fields) is
  skipped with a one-line reason; the rest of its page goes in.
- A fault in one nested part (a schedule, a phone, an attribute...) drops that part with a
  warning and the rest of the service goes in (see triage.py).
- ORUK 1 feeds are read too: checked against ORUK 1's schema with the same rules, then
  brought to HSDS 3's shape (oruk_v1.py). A feed that declares no version at `/` is read by
  its listing's envelope, or else record by record by its shape.
- A feed that fails mid-way keeps the pages already committed and writes nothing of the
  failed page, and marks nothing inactive (we cannot know what is gone).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.directory.models import Service
from bot.directory.openreferral.feeds import Feed, FeedError
from bot.directory.openreferral.oruk_v1 import looks_like_v1, read_v1
from bot.directory.openreferral.schema import ORUK_V1, schema_folder
from bot.directory.openreferral.shapes import as_published
from bot.directory.openreferral.store import (
    PlacePostcode,
    RecordProblem,
    is_our_topic,
    record_digest,
    write_record,
)
from bot.directory.openreferral.topic_map import Term, TopicMap, is_our_need
from bot.directory.openreferral.triage import DroppedPart, Triage, triage
from bot.directory.seed import ensure_need_terms, ensure_topic_terms

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    feed: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    inactivated: int = 0
    # Written, but with no site we could put on the map: the chat cannot offer them by place.
    unplaced: int = 0
    # Written, but no term mapped to a topic: the chat cannot offer them at all.
    no_topic: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # Broken nested parts left out of services that went in: (service id, the part).
    dropped: list[tuple[str, DroppedPart]] = field(default_factory=list)
    unmapped_terms: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    failed: str | None = None

    @property
    def ok(self) -> bool:
        return self.failed is None

    def summary(self) -> str:
        lines = [
            f"feed: {self.feed}",
            f"pages read: {self.pages}",
            f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
            f"marked inactive {self.inactivated}, skipped {len(self.skipped)}",
        ]
        if self.dropped:
            services = len({service_id for service_id, _ in self.dropped})
            lines.append(
                f"{len(self.dropped)} broken parts left out of {services} imported services "
                "(the rest of each went in):"
            )
            kinds = Counter(part.kind for _, part in self.dropped)
            lines += [f"  {count:>4} × {kind}" for kind, count in kinds.most_common()]
        if self.unplaced:
            lines.append(
                f"{self.unplaced} imported with no location on the map (not offered by place)"
            )
        if self.no_topic:
            lines.append(f"{self.no_topic} imported with no topic (not offered in chat)")
        if self.unmapped_terms:
            lines.append(
                "taxonomy terms with no topic (add them to data/directory/taxonomy_topics.yml):"
            )
            lines += [
                f"  {count:>4} × {label}" for label, count in self.unmapped_terms.most_common()
            ]
        if self.failed:
            lines.append(
                f"FAILED: {self.failed}. Earlier pages were kept; nothing was marked inactive."
            )
        return "\n".join(lines)


def _terms(record: dict[str, Any]) -> list[Term]:
    return [
        Term.from_record(
            attribute.get("taxonomy_term") or {"id": attribute.get("taxonomy_term_id")}
        )
        for attribute in record.get("attributes") or []
        if isinstance(attribute, dict)
    ]


def _read(record: Any, declared: str | None) -> Triage:
    """Check the record by the version the feed declares (or its page's envelope shows);
    declaring none, by the record's own shape."""
    folder = schema_folder(declared)
    if folder == ORUK_V1 or (declared is None and looks_like_v1(record)):
        return read_v1(record)
    return triage(as_published(record), folder)


class Importer:
    """Give it sessions from `make_engine(url, savepoints=True)`: on SQLite, only such an
    engine keeps a page in one transaction around the records' SAVEPOINTs."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        topic_map: TopicMap,
        place: PlacePostcode | None = None,
    ) -> None:
        self._sessions = sessions
        self._topic_map = topic_map
        self._place = place

    def run(
        self,
        feed: Feed,
        now: datetime,
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        report = ImportReport(feed.label)
        seen: set[str] = set()
        try:
            schema_folder(feed.version)  # an unknown version is refused before any write
            with self._sessions.begin() as session:
                ensure_topic_terms(session)
                ensure_need_terms(session, self._topic_map.needs)
            for page in feed.pages():
                with self._sessions.begin() as session:
                    declared = feed.version or page.version
                    for record in page.records:
                        self._one(session, record, declared, feed.label, now, report, seen)
                report.skipped += page.unreadable
                report.pages += 1
                if progress:
                    progress(len(page.records) + len(page.unreadable))
        except (FeedError, ValueError) as error:
            report.failed = str(error)
            log.warning("import of %s failed after %d pages", feed.label, report.pages)
            return report
        report.inactivated = self._inactivate_missing(feed.label, seen)
        return report

    def _one(
        self,
        session: Session,
        record: Any,
        declared: str | None,
        feed: str,
        now: datetime,
        report: ImportReport,
        seen: set[str],
    ) -> None:
        record_id = str(record.get("id", "?")) if isinstance(record, dict) else "?"
        if record_id != "?":
            # A bad version of a record still in the feed keeps our last good copy active.
            seen.add(record_id)
        checked = _read(record, declared)
        if checked.record is None:
            report.skipped.append((record_id, checked.refused or "not a service record"))
            return
        record = checked.record
        terms = _terms(record)
        topics, unmapped = self._topic_map.map_terms(terms)
        for term in unmapped:
            # Our own topics and needs (a feed exported by another School Signpost) are ours.
            if not is_our_topic(term) and not is_our_need(term):
                report.unmapped_terms[term.label] += 1
        needs = self._topic_map.needs_for(terms)
        digest = record_digest(record, topics, needs)
        existing = session.get(Service, record_id)
        unchanged = existing is not None and (
            existing.content_hash,
            existing.feed,
            existing.status,
        ) == (digest, feed, record.get("status") or "active")
        if unchanged:
            existing.last_checked = now  # type: ignore[union-attr]
            report.unchanged += 1
            self._note_dropped(report, record_id, checked.dropped)
            return
        try:
            with session.begin_nested():
                placed = write_record(
                    session, record, feed=feed, topics=topics, digest=digest,
                    checked_at=now, place=self._place, needs=needs,
                )  # fmt: skip
        except (RecordProblem, SQLAlchemyError, ValueError, TypeError) as error:
            reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
            report.skipped.append((record_id, reason))
            return
        self._note_dropped(report, record_id, checked.dropped)
        if existing is None:
            report.added += 1
        else:
            report.updated += 1
        report.unplaced += 0 if placed else 1
        report.no_topic += 0 if topics else 1

    @staticmethod
    def _note_dropped(report: ImportReport, record_id: str, dropped: list[DroppedPart]) -> None:
        for part in dropped:
            log.warning("service %s: left out %s", record_id, part.reason)
            report.dropped.append((record_id, part))

    def _inactivate_missing(self, feed: str, seen: set[str]) -> int:
        with self._sessions.begin() as session:
            active = set(
                session.scalars(
                    select(Service.id).where(Service.feed == feed, Service.status == "active")
                )
            )
            gone = sorted(active - seen)
            for start in range(0, len(gone), 500):
                session.execute(
                    update(Service)
                    .where(Service.id.in_(gone[start : start + 500]))
                    .values(status="inactive")
                )
        return len(gone)
