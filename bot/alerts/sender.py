"""The alert sender: a process of its own (`signpost alerts`, started by `signpost run`).

Every couple of seconds it climbs the ladder (an unclaimed escalation past its time owes a
wider alert) and delivers what the outbox holds, by email and webhook. A failed delivery
stays in the outbox and is tried again later; the child's reply never waits for any of it.
Each alert goes out once: a sender leases the alerts it takes, and on SIGTERM finishes the
one in hand before it stops. (A sender killed outright between the mail server's "accepted"
and the database's commit would send that one alert again, with the same Message-ID.)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.alerts import outbox
from bot.alerts.channels import post_webhook, send_email
from bot.alerts.content import AlertFacts, email
from bot.alerts.ladder import TOP_RUNG, Ladder
from bot.config import Settings
from bot.console.models import Casework, SchoolRecord
from bot.db import as_utc
from bot.safeguarding.escalations import NEW, REVIEW
from bot.safeguarding.lexicon import load_lexicon
from bot.safeguarding.models import AlertOutbox, Escalation
from bot.team import TeamContact, TeamHours, for_rung, hours_from_data, parse_team

log = logging.getLogger(__name__)
FIRST_REASONS = {NEW: ("handoff", "promoted"), REVIEW: ("check_in",)}
LADDER_REASON = {NEW: "ladder", REVIEW: "review_ladder"}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class AlertSender:
    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.clock = clock
        self.ladder = Ladder.from_setting(settings.alert_ladder)
        self.labels = load_lexicon(settings.data_dir / "safeguarding" / "lexicon.yml").labels
        self.console_url = settings.console_url or f"http://localhost:{settings.web_port}"

    # -- the loop ---------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        log.warning(
            "alert sender started: email %s, webhook %s",
            "on" if self.settings.smtp_url else "OFF (no SIGNPOST_SMTP_URL)",
            "on" if self.settings.alert_webhook_url else "off",
        )
        while not stop.is_set():
            try:
                self.tick(stop)
            except SQLAlchemyError as error:  # the database is down: try again shortly
                log.error("alert sender: database unavailable (%s)", type(error).__name__)
            except Exception as error:  # noqa: BLE001  (a bad team record): keep sending others
                log.exception("alert sender: %s; trying again", type(error).__name__)
            stop.wait(self.settings.alert_poll_s)

    def tick(self, stop: threading.Event | None = None) -> int:
        """Climb the ladder, then deliver what is due; returns how many alerts were settled."""
        self.climb(self.clock())
        settled = 0
        taken = outbox.take_due(self.sessions, self.clock())
        for index, alert_id in enumerate(taken):
            if stop is not None and stop.is_set():
                outbox.release(self.sessions, taken[index:])  # for the next sender, at once
                break
            self.deliver(alert_id)
            settled += 1
        return settled

    # -- the ladder --------------------------------------------------------------------

    def climb(self, now: datetime) -> int:
        """Add the next rung's alert for each unclaimed escalation past its time."""
        added = 0
        with self.sessions() as session:
            open_cases = session.execute(
                select(Escalation, AlertOutbox)
                .join(AlertOutbox, AlertOutbox.escalation_id == Escalation.id)
                .outerjoin(Casework, Casework.escalation_id == Escalation.id)
                .where(Casework.escalation_id.is_(None), Escalation.status.in_((NEW, REVIEW)))
            ).all()
            alerts: dict[str, list[AlertOutbox]] = {}
            escalations: dict[str, Escalation] = {}
            for escalation, alert in open_cases:
                escalations[escalation.id] = escalation
                alerts.setdefault(escalation.id, []).append(alert)
            hours = {s.slug: s.team_hours for s in session.scalars(select(SchoolRecord))}
        for escalation_id, rows in alerts.items():
            escalation = escalations[escalation_id]
            rung = self._next_rung(escalation, rows, _hours(hours.get(escalation.school)), now)
            if rung is not None:
                added += self._add_rung(escalation_id, LADDER_REASON[escalation.status], rung)
        return added

    def _next_rung(
        self, escalation: Escalation, rows: list[AlertOutbox], hours: TeamHours | None,
        now: datetime,
    ) -> int | None:  # fmt: skip
        firsts = [r for r in rows if r.reason in FIRST_REASONS[escalation.status]]
        if not firsts:
            return None  # recorded before alerts existed, or not yet this status's alert
        since = max(as_utc(r.created_at) for r in firsts)
        reason = LADDER_REASON[escalation.status]
        done = {r.rung for r in rows if r.reason == reason}
        for rung in range(1, TOP_RUNG + 1):
            if rung in done:
                continue
            due = self.ladder.due(
                severity=escalation.severity, review=escalation.status == REVIEW,
                since=since, rung=rung, hours=hours,
            )  # fmt: skip
            return rung if due is not None and now >= due else None
        return None

    def _add_rung(self, escalation_id: str, reason: str, rung: int) -> int:
        now = self.clock()
        try:
            with self.sessions() as session, session.begin():
                session.add(
                    AlertOutbox(
                        escalation_id=escalation_id, reason=reason, rung=rung, created_at=now,
                        next_attempt_at=now, email_state=outbox.PENDING,
                        webhook_state=outbox.PENDING, attempts=0,
                    )
                )  # fmt: skip
        except IntegrityError:
            return 0  # another sender added this rung first
        log.warning("escalation %s unclaimed: alerting rung %d", escalation_id, rung)
        return 1

    # -- delivery ----------------------------------------------------------------------

    def deliver(self, alert_id: int) -> None:
        now = self.clock()
        with self.sessions() as session:
            row = session.get(AlertOutbox, alert_id)
            assert row is not None
            if row.reason in LADDER_REASON.values() and outbox.is_claimed(
                session, row.escalation_id
            ):
                attempt = outbox.Attempt(dict.fromkeys(outbox.CHANNELS, outbox.STOPPED), {})
                outbox.settle(self.sessions, alert_id, attempt, now, 0, {"rung": row.rung})
                return  # a claim stops the ladder
            facts = self.facts(session, row, now)
            states = {"email": row.email_state, "webhook": row.webhook_state}
        attempt = outbox.Attempt({}, {})
        for channel, send in (("email", self._email), ("webhook", self._webhook)):
            if states[channel] != outbox.PENDING:
                continue
            try:
                attempt.states[channel] = send(facts)
            except Exception as error:  # noqa: BLE001  any failure: keep it and retry
                attempt.errors[channel] = type(error).__name__
                log.error(
                    "alert %d (escalation %s): %s not delivered (%s); kept in the outbox",
                    alert_id, facts.escalation_id, channel, type(error).__name__,
                )  # fmt: skip
        detail = {
            "alert_id": alert_id, "reason": facts.reason, "rung": facts.rung,
            "severity": facts.severity, "recipients": len(facts.recipients),
        }  # fmt: skip
        outbox.settle(self.sessions, alert_id, attempt, self.clock(), self.settings.alert_retry_s,
                      detail)  # fmt: skip

    def _email(self, facts: AlertFacts) -> str:
        if not self.settings.smtp_url:
            return outbox.OFF
        send_email(self.settings.smtp_url, email(facts, self.settings.alert_from))
        return outbox.SENT

    def _webhook(self, facts: AlertFacts) -> str:
        if not self.settings.alert_webhook_url:
            return outbox.OFF
        post_webhook(self.settings.alert_webhook_url, self.settings.alert_webhook_secret, facts)
        return outbox.SENT

    def facts(self, session: Session, row: AlertOutbox, now: datetime) -> AlertFacts:
        escalation = session.get(Escalation, row.escalation_id)
        assert escalation is not None
        record = session.get(SchoolRecord, escalation.school) if escalation.school else None
        team = parse_team(record.team, record.slug) if record else self._trust_dsls(session)
        recipients = _widened(team, row.rung)
        return AlertFacts(
            alert_id=row.id,
            escalation_id=escalation.id,
            school_name=record.name if record else "School not known",
            school_slug=escalation.school,
            severity="check-in" if escalation.status == REVIEW else escalation.severity,
            categories=[self.labels.get(c, c) for c in escalation.categories],
            recorded_at=as_utc(escalation.created_at),
            reason=row.reason,
            rung=row.rung,
            waited_s=(now - as_utc(escalation.created_at)).total_seconds(),
            link=f"{self.console_url}/console/escalations/{escalation.id}",
            recipients=recipients,
        )

    def _trust_dsls(self, session: Session) -> tuple[TeamContact, ...]:
        """No school known: every trust's DSL (there is no school team to ask first)."""
        seen: dict[str, TeamContact] = {}
        for record in session.scalars(select(SchoolRecord)):
            for contact in parse_team(record.team, record.slug):
                if contact.role == "trust_dsl":
                    seen.setdefault(contact.email, contact)
        return tuple(seen.values())


def _widened(team: tuple[TeamContact, ...], rung: int) -> list[TeamContact]:
    """The rung's people; if nobody holds its roles, the next rung up (never nobody)."""
    for widest in range(rung, TOP_RUNG + 1):
        people = for_rung(team, widest)
        if people:
            return people
    return list(team)


def _hours(data: dict | None) -> TeamHours | None:
    return hours_from_data(data) if data and data.get("times") else None
