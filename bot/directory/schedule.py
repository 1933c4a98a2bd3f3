"""Opening hours: is a service open at a given moment (UK time)?"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class OpeningPeriod:
    """Open on each of `days` from `opens` to `closes` (minutes after midnight).

    `closes` may be 1440 (24:00); a period whose close is before its open runs past midnight.
    """

    days: frozenset[str]
    opens: int
    closes: int

    @classmethod
    def parse(cls, byday: str, opens_at: str, closes_at: str) -> OpeningPeriod:
        days = frozenset(d.strip().upper() for d in byday.split(",") if d.strip())
        unknown = days - set(DAYS)
        if unknown:
            raise ValueError(f"unknown day codes {sorted(unknown)}")
        return cls(days, _minutes(opens_at), _minutes(closes_at))

    def covers(self, day: str, minute: int) -> bool:
        if self.closes > self.opens:
            return day in self.days and self.opens <= minute < self.closes
        # Overnight: open from `opens` on a listed day until `closes` the next morning.
        yesterday = DAYS[(DAYS.index(day) - 1) % 7]
        return (day in self.days and minute >= self.opens) or (
            yesterday in self.days and minute < self.closes
        )


def is_open(periods: Iterable[OpeningPeriod], moment: datetime) -> bool | None:
    """True or False; None when no opening periods are known (we don't guess)."""
    periods = list(periods)
    if not periods:
        return None
    local = moment.astimezone(UK)
    day = DAYS[local.weekday()]
    minute = local.hour * 60 + local.minute
    return any(period.covers(day, minute) for period in periods)
