"""Who may see and do what. Anything out of an account's reach is treated as not there (404)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from bot.console.case import Case, cases_query
from bot.console.models import SchoolRecord, StaffAccount
from bot.safeguarding.models import Escalation

PERMISSIONS: dict[str, frozenset[str]] = {
    "escalations": frozenset({"pastoral", "dsl", "trust_dsl"}),  # read, claim, reply, note
    "resolve": frozenset({"dsl", "trust_dsl"}),  # resolve and export the chronology
    "audit": frozenset({"dsl", "trust_dsl", "admin"}),
    "accounts": frozenset({"admin", "trust_dsl"}),  # each manages the roles MANAGES gives
    "directory": frozenset({"admin", "trust_dsl"}),  # what the directory holds, how fresh
    # Each school's safeguarding team and its hours: who the alerts go to. The trust's admin
    # keeps them, as they keep the accounts; the alerts themselves carry no case.
    "team": frozenset({"admin"}),
}


# Roles kept apart: an admin runs the system but never reads a case, so an admin must not be
# able to make (or become) an account that can. Only a trust DSL makes DSL accounts.
MANAGES: dict[str, frozenset[str]] = {
    "admin": frozenset({"admin", "pastoral"}),
    "trust_dsl": frozenset({"dsl", "trust_dsl", "pastoral"}),
}


def manageable_roles(account: StaffAccount) -> frozenset[str]:
    return MANAGES.get(account.role, frozenset())


def can(account: StaffAccount, permission: str) -> bool:
    return account.role in PERMISSIONS[permission]


def trust_schools(trust_slug: str | None) -> Select:
    """The slugs of a trust's schools, as a subquery."""
    return select(SchoolRecord.slug).where(SchoolRecord.trust_slug == trust_slug)


def school_scope(account: StaffAccount) -> ColumnElement[bool] | None:
    """A filter on a `school` slug column for what this account may see; None: nothing."""
    if account.role in ("pastoral", "dsl"):
        return Escalation.school == account.school_slug
    if account.role == "trust_dsl":
        # A conversation that named no school is the trust's to pick up.
        return or_(
            Escalation.school.in_(trust_schools(account.trust_slug)), Escalation.school.is_(None)
        )
    return None


def visible_schools(session: Session, account: StaffAccount) -> list[SchoolRecord]:
    query = select(SchoolRecord).order_by(SchoolRecord.name)
    if account.role in ("pastoral", "dsl"):
        query = query.where(SchoolRecord.slug == account.school_slug)
    elif account.role in ("trust_dsl", "admin"):
        query = query.where(SchoolRecord.trust_slug == account.trust_slug)
    return list(session.scalars(query))


def case_for(session: Session, account: StaffAccount, escalation_id: str) -> Case | None:
    """The case if this account may see it; None whether or not it exists."""
    scope = school_scope(account) if can(account, "escalations") else None
    if scope is None:
        return None
    found = session.execute(
        cases_query().where(Escalation.id == str(escalation_id)[:36], scope)
    ).first()
    return Case(*found) if found else None
