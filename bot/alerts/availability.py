"""Whether the school's safeguarding team is reading now, for the words after a hand-off:
the team's hours (as a trust admin last set them in the console, else the data file) and
whether a member of the team has the console open this minute."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.console.models import SchoolRecord
from bot.console.presence import team_reading
from bot.schools import School
from bot.team import TeamStatus, hours_from_data


class TeamAvailability:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def __call__(self, school: School, now: datetime) -> TeamStatus:
        with self._sessions() as session:
            record = session.get(SchoolRecord, school.slug)
            saved = record.team_hours if record is not None else None
            hours = hours_from_data(saved) if saved and saved.get("times") else school.hours
            reading = hours.is_open(now) and team_reading(
                session, school.slug, school.trust_slug, now
            )
        return TeamStatus.at(hours, now, console_open=reading)
