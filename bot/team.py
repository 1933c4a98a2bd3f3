"""A school's safeguarding team: who is alerted, and when they read the console.

The hours decide what the assistant tells a child after a hand-off ("someone is reading now"
or "they will read it on Monday at 8:15am") and how long a check-in may wait before the
alert goes wider (one working day). Times are UK time, whatever the server's clock says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The rungs of the alert ladder, in the order they are added to it.
ROLES = ("dsl", "deputy", "trust_dsl")


@dataclass(frozen=True)
class TeamContact:
    role: str  # dsl | deputy | trust_dsl
    name: str
    email: str
    phone: str = ""  # a mobile, for an SMS gateway behind the webhook

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "name": self.name, "email": self.email, "phone": self.phone}


@dataclass(frozen=True)
class Closure:
    first: date
    last: date
    name: str = ""

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class TeamHours:
    """Opening times per weekday (0 = Monday) and the days the team is not in."""

    times: Mapping[int, tuple[time, time]]
    closed: tuple[Closure, ...] = ()

    def _window(self, day: date) -> tuple[datetime, datetime] | None:
        if day.weekday() not in self.times or any(c.covers(day) for c in self.closed):
            return None
        opens, closes = self.times[day.weekday()]
        return datetime.combine(day, opens, UK), datetime.combine(day, closes, UK)

    def is_open(self, now: datetime) -> bool:
        window = self._window(now.astimezone(UK).date())
        return window is not None and window[0] <= now < window[1]

    def closes_today(self, now: datetime) -> datetime | None:
        window = self._window(now.astimezone(UK).date())
        return window[1] if window and window[0] <= now < window[1] else None

    def next_opening(self, now: datetime) -> datetime | None:
        """The next time the team is in, from `now` (now itself when open); None when the
        hours never open (no days, or a closure with no end in sight within a year)."""
        day = now.astimezone(UK).date()
        for offset in range(366):
            window = self._window(day + timedelta(days=offset))
            if window and now < window[1]:
                return max(window[0], now)
        return None

    def working_day(self) -> timedelta:
        """The longest opening on any day: what "one working day" of open time means."""
        spans = [
            datetime.combine(date.min, c) - datetime.combine(date.min, o)
            for o, c in self.times.values()
        ]
        return max(spans, default=timedelta(hours=8))

    def after_open_time(self, start: datetime, amount: timedelta) -> datetime | None:
        """When the team will have been in for `amount` since `start`: a check-in left on
        Friday at 3pm waits one working day until Monday at about 3pm, not over the weekend."""
        left = amount
        moment = start
        for _ in range(366):
            opening = self.next_opening(moment)
            if opening is None:
                return None
            closes = self._window(opening.astimezone(UK).date())
            assert closes is not None
            open_for = closes[1] - opening
            if open_for >= left:
                return opening + left
            left -= open_for
            moment = closes[1]
        return None


def parse_hours(raw: Mapping[str, str], closed: Iterable[Mapping[str, Any]] = ()) -> TeamHours:
    """{"mon-fri": "08:15-16:30", "fri": "08:15-15:30"}: a later key overrides an earlier."""
    times: dict[int, tuple[time, time]] = {}
    for days, span in raw.items():
        first, _, last = str(days).lower().partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ValueError(f"team_hours: {days!r} is not a day or a range like mon-fri")
        opens, _, closes = str(span).partition("-")
        try:
            window = (time.fromisoformat(opens.strip()), time.fromisoformat(closes.strip()))
        except ValueError:
            raise ValueError(f"team_hours: {span!r} is not like 08:15-16:30") from None
        if window[0] >= window[1]:
            raise ValueError(f"team_hours: {span!r} closes before it opens")
        for index in range(DAYS.index(first), DAYS.index(last or first) + 1):
            times[index] = window
    return TeamHours(times, tuple(parse_closures(closed)))


def parse_closures(raw: Iterable[Mapping[str, Any]]) -> list[Closure]:
    closures = []
    for entry in raw:
        first, last = _date(entry["from"]), _date(entry.get("to", entry["from"]))
        if last < first:
            raise ValueError(f"closed: {entry.get('name', '')} ends before it starts")
        closures.append(Closure(first, last, str(entry.get("name", ""))))
    return closures


def hours_as_data(hours: TeamHours) -> dict[str, Any]:
    """The hours as stored in the console's school table (and read back by parse_hours)."""
    return {
        "times": {
            DAYS[day]: f"{o.strftime('%H:%M')}-{c.strftime('%H:%M')}"
            for day, (o, c) in sorted(hours.times.items())
        },
        "closed": [
            {"from": c.first.isoformat(), "to": c.last.isoformat(), "name": c.name}
            for c in hours.closed
        ],
    }


def hours_from_data(data: Mapping[str, Any]) -> TeamHours:
    return parse_hours(data.get("times") or {}, data.get("closed") or ())


def parse_team(raw: Iterable[Mapping[str, Any]], where: str) -> tuple[TeamContact, ...]:
    contacts = []
    for entry in raw:
        role = str(entry.get("role", ""))
        if role not in ROLES:
            raise ValueError(f"{where}: a team contact's role must be one of {', '.join(ROLES)}")
        name, email = str(entry.get("name") or "").strip(), str(entry.get("email") or "").strip()
        if not name or "@" not in email:
            raise ValueError(f"{where}: every team contact needs a name and an email address")
        contacts.append(TeamContact(role, name, email, str(entry.get("phone") or "").strip()))
    return tuple(contacts)


def for_rung(team: Iterable[TeamContact], rung: int) -> list[TeamContact]:
    """Who an alert goes to: rung 0 the DSLs, rung 1 also the deputies, rung 2 also the
    trust's DSL. A team with nobody at a rung's role still alerts the rungs below it."""
    roles = ROLES[: rung + 1]
    return [contact for contact in team if contact.role in roles]


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass(frozen=True)
class TeamStatus:
    """What is true about the team at one moment, for the words after a hand-off."""

    reading_now: bool  # on duty, with the console open
    closes_at: datetime | None  # in school now (nobody reading): until then
    next_opening: datetime | None  # not in: when they next are (None: not known)

    @classmethod
    def at(cls, hours: TeamHours, now: datetime, *, console_open: bool) -> TeamStatus:
        closes = hours.closes_today(now)
        if closes is not None:
            return cls(console_open, closes, None)
        return cls(False, None, hours.next_opening(now))


def clock_time(moment: datetime) -> str:
    """ "8:15am", "4pm": as a school writes its hours."""
    local = moment.astimezone(UK)
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"


def spoken_opening(opening: datetime | None, now: datetime) -> str:
    """ "later today at 4pm", "tomorrow at 8:15am", "on Monday 7 December at 8:15am"."""
    if opening is None:
        return "when they are next in school"
    day, today = opening.astimezone(UK).date(), now.astimezone(UK).date()
    at = f"at {clock_time(opening)}"
    if day == today:
        return f"later today {at}"
    if day == today + timedelta(days=1):
        return f"tomorrow {at}"
    return f"on {opening.astimezone(UK).strftime('%A')} {day.day} {day.strftime('%B')} {at}"
