"""The audit log: every login, view, claim, reply, note, resolution, export and purge.

Only this module writes it, and only by adding rows: nothing in the project updates or
deletes an entry. Details hold ids and counts, never what anyone wrote.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.console.access import trust_schools
from bot.console.case import Case
from bot.console.models import AuditEntry, StaffAccount

ACTIONS = (
    "login", "login_failed", "logout", "view_queue", "view", "claim", "reply", "hand_back",
    "note", "resolve", "export", "view_audit", "account_created", "account_unlocked",
    "account_deactivated", "purge", "view_directory", "take_over", "two_factor_enrolled",
    "setup_completed", "setup_link_issued", "alert_sent", "alert_failed", "team_edited",
)  # fmt: skip


def record(
    session: Session,
    actor: StaffAccount | None,
    action: str,
    *,
    escalation: Case | None = None,
    school_slug: str | None = None,
    detail: dict[str, Any] | None = None,
    actor_email: str | None = None,
) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        at=datetime.now(timezone.utc),
        actor_id=actor.id if actor else None,
        actor_email=actor.email if actor else actor_email,
        action=action,
        school_slug=escalation.school
        if escalation
        else (school_slug or (actor.school_slug if actor else None)),
        escalation_id=escalation.id if escalation else None,
        detail=detail or {},
    )
    session.add(entry)
    return entry


def audit_scope(account: StaffAccount) -> ColumnElement[bool] | None:
    """A school DSL reads their school's entries; trust DSLs and admins read the trust's."""
    if account.role == "dsl":
        return AuditEntry.school_slug == account.school_slug
    if account.role in ("trust_dsl", "admin"):
        return AuditEntry.school_slug.is_(None) | AuditEntry.school_slug.in_(
            trust_schools(account.trust_slug)
        )
    return None
