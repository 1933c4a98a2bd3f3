"""When a service's details were last reviewed, and whether that is too long ago to pass
them on without saying so.

Kept apart from freshness.py (the admins' lists) so that search can use it: freshness
reads the topic map of the Open Referral importer, which itself reads search.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.db import as_utc

# A service not re-checked for this long is listed for an admin and, in the chat, comes
# with the month it was last checked. SIGNPOST_STALE_DAYS changes the admins' list only.
DEFAULT_STALE_DAYS = 180


def last_review(assured_date: date | None, last_checked: datetime | None) -> date | None:
    """The feed's own "assured" date when it gives one: an import re-confirms only that the
    record is still in the feed, not that anybody checked what it says."""
    if assured_date is not None:
        return assured_date
    return as_utc(last_checked).date() if last_checked is not None else None


def is_stale(reviewed: date | None, now: datetime, days: int = DEFAULT_STALE_DAYS) -> bool:
    """Never reviewed counts as stale: nobody can say the details are right."""
    return reviewed is None or reviewed < now.date() - timedelta(days=days)


def month_year(day: date) -> str:
    # Spelled out, not by strftime's %B: that follows the process's locale.
    return f"{MONTHS[day.month - 1]} {day.year}"


MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
