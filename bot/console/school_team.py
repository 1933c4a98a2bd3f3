"""A trust admin keeps each school's safeguarding team (who the alerts go to) and its hours
(when the team reads the console) in the console. What is saved has the shape the data file
gives (bot/team.py reads both), and from then on `signpost db seed` leaves it alone
(bot/console/seed.py): the console is where it is kept.

A team that would leave an escalation with nobody to alert is refused whole, with a message
that says what to fix; nothing of it is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from bot.console import audit
from bot.console.models import SchoolRecord, StaffAccount
from bot.team import ROLES, hours_as_data, parse_hours, parse_team

ROLE_NAMES = {"dsl": "DSL", "deputy": "Deputy DSL", "trust_dsl": "Trust DSL"}
DAY_NAMES = {
    "mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
    "fri": "Friday", "sat": "Saturday", "sun": "Sunday",
}  # fmt: skip


class TeamError(ValueError):
    """What is wrong with the team as entered, in words for the admin."""


@dataclass
class TeamDraft:
    """The team as the page shows it: stored, or as entered when it was refused."""

    contacts: list[dict[str, str]] = field(default_factory=list)  # role, name, email, phone
    times: dict[str, tuple[str, str]] = field(default_factory=dict)  # day: (opens, closes)
    closed: list[dict[str, str]] = field(default_factory=list)  # from, to, name

    @classmethod
    def of(cls, record: SchoolRecord) -> TeamDraft:
        hours: Mapping[str, Any] = record.team_hours or {}
        times = {}
        for day, span in (hours.get("times") or {}).items():
            opens, _, closes = str(span).partition("-")
            times[day] = (opens, closes)
        contacts = [_strings(c, ("role", "name", "email", "phone")) for c in record.team or ()]
        closed = [_strings(c, ("from", "to", "name")) for c in hours.get("closed") or ()]
        return cls(contacts, times, closed)


def checked(draft: TeamDraft, where: str) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """The team and hours as stored, or TeamError. Rows left blank are dropped: that is how
    a contact or a closed period is removed."""
    contacts = [c for c in draft.contacts if any(c.get(k) for k in ("name", "email", "phone"))]
    for contact in contacts:
        who = contact.get("name") or contact.get("email") or contact.get("phone")
        if not contact.get("email"):
            raise TeamError(f"{who} has no email address: every contact needs one.")
        if not contact.get("name"):
            raise TeamError(f"The contact {who} has no name.")
        if contact.get("role") not in ROLES:
            raise TeamError(f"Choose a role for {who}.")
    if not any(c["role"] == "dsl" for c in contacts):
        raise TeamError("The team needs a DSL: the first alert of every escalation goes to them.")
    times = {}
    for day, (opens, closes) in draft.times.items():
        if bool(opens) != bool(closes):
            raise TeamError(
                f"{DAY_NAMES[day]}: give both the opening and the closing time, or neither "
                "(closed)."
            )
        if opens and _time(day, opens) >= _time(day, closes):
            raise TeamError(f"{DAY_NAMES[day]}: the team closes before it opens.")
        if opens:
            times[day] = f"{opens}-{closes}"
    if not times:
        raise TeamError(
            "Give the team's hours on at least one day: a check-in waits a working day of them."
        )
    closed = [c for c in draft.closed if any(c.values())]
    for period in closed:
        name = f"The closed period {period.get('name') or ''}".rstrip()
        if not period.get("from"):
            raise TeamError(f"{name} needs a first day.")
        period["to"] = period.get("to") or period["from"]
        if _date(name, period["to"]) < _date(name, period["from"]):
            raise TeamError(f"{name} ends before it starts.")
    try:
        team = [c.as_dict() for c in parse_team(contacts, where)]
        hours = hours_as_data(parse_hours(times, closed))
    except ValueError as error:
        raise TeamError(str(error)) from None
    return team, hours


def save_team(
    session: Session, account: StaffAccount, record: SchoolRecord, draft: TeamDraft, now: datetime
) -> None:
    """Check and keep the team; the audit says what changed by counts, never by names."""
    team, hours = checked(draft, record.name)
    record.team = team
    record.team_hours = hours
    record.team_edited_at = now
    session.add(record)
    audit.record(
        session, account, "team_edited", school_slug=record.slug,
        detail={"contacts": len(team), "days_open": len(hours["times"]),
                "closed_periods": len(hours["closed"])},
    )  # fmt: skip


def _time(day: str, value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise TeamError(f"{DAY_NAMES[day]}: {value!r} is not a time like 08:15.") from None


def _date(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise TeamError(f"{name}: {value!r} is not a date like 2027-02-15.") from None


def _strings(row: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, str]:
    return {key: str(row.get(key) or "") for key in keys}


def hours_in_words(team_hours: Mapping[str, Any] | None) -> str:
    """ "Mon–Thu 08:00–17:00, Fri 08:00–15:30": the week at a glance, for the list of schools."""
    times = (team_hours or {}).get("times") or {}
    days = list(DAY_NAMES)
    groups: list[list[str]] = []
    for day in days:
        span = times.get(day)
        if span is None:
            continue
        last = groups[-1] if groups else None
        if last and times[last[-1]] == span and days.index(last[-1]) == days.index(day) - 1:
            last.append(day)
        else:
            groups.append([day])
    parts = []
    for group in groups:
        first, end = DAY_NAMES[group[0]][:3], DAY_NAMES[group[-1]][:3]
        label = first if len(group) == 1 else f"{first}–{end}"
        parts.append(f"{label} {str(times[group[0]]).replace('-', '–')}")
    return ", ".join(parts) or "no hours set"
