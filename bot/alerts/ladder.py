"""The escalation ladder: an escalation nobody has claimed is alerted again, wider, after
the time set for its severity (the DSLs, then also the deputies, then also the trust's DSL).
A claim stops it. A check-in waits one working day of the team's hours per rung."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.team import TeamHours

WORKING_DAY = "working-day"
DEFAULT_WAITS: dict[str, float | str] = {
    "critical": 5 * 60,
    "high": 5 * 60,
    "medium": 30 * 60,
    "review": WORKING_DAY,
}
TOP_RUNG = 2
# Without a school's hours, a working day is a day.
NO_HOURS_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Ladder:
    waits: dict[str, float | str]

    @classmethod
    def from_setting(cls, setting: str) -> Ladder:
        """ "high=300,medium=1800,review=working-day": seconds, or a working day."""
        waits = dict(DEFAULT_WAITS)
        for part in filter(None, (p.strip() for p in setting.split(","))):
            key, _, value = part.partition("=")
            key = key.strip()
            if key not in DEFAULT_WAITS:
                raise ValueError(f"SIGNPOST_ALERT_LADDER: {key!r} is not one of {list(waits)}")
            waits[key] = WORKING_DAY if value.strip() == WORKING_DAY else float(value)
        return cls(waits)

    def due(
        self, *, severity: str, review: bool, since: datetime, rung: int, hours: TeamHours | None
    ) -> datetime | None:
        """When rung `rung` (1 or 2) falls due for an escalation first alerted at `since`."""
        wait = self.waits["review" if review else severity if severity in self.waits else "high"]
        if wait != WORKING_DAY:
            return since + timedelta(seconds=float(wait) * rung)
        if hours is None:
            return since + NO_HOURS_DAY * rung
        return hours.after_open_time(since, hours.working_day() * rung)
