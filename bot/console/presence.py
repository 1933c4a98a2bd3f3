"""Who has the console open: the queue checks in each time it refreshes (every few seconds),
and the assistant says "someone is reading now" only while a member of the school's team
has checked in within the last minute."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot.console.models import StaffAccount, StaffPresence

FRESH = timedelta(seconds=60)
# Who reads a school's escalations: its pastoral staff and DSLs, and its trust's DSLs.
SCHOOL_ROLES = ("pastoral", "dsl")


def record_seen(session: Session, account: StaffAccount, now: datetime) -> None:
    presence = session.get(StaffPresence, account.id) or StaffPresence(account_id=account.id)
    presence.seen_at = now
    session.add(presence)


def team_reading(session: Session, school_slug: str, trust_slug: str, now: datetime) -> bool:
    """A member of this school's team has the console open now."""
    found = session.scalar(
        select(StaffPresence.account_id)
        .join(StaffAccount, StaffAccount.id == StaffPresence.account_id)
        .where(
            StaffPresence.seen_at >= now - FRESH,
            StaffAccount.active.is_(True),
            or_(
                and_(StaffAccount.role.in_(SCHOOL_ROLES), StaffAccount.school_slug == school_slug),
                and_(StaffAccount.role == "trust_dsl", StaffAccount.trust_slug == trust_slug),
            ),
        )
        .limit(1)
    )
    return found is not None
