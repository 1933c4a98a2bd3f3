"""Schools into the database from data/schools/*.yml, so the console can scope accounts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from bot.console.models import SchoolRecord
from bot.schools import load_schools
from bot.team import hours_as_data


def seed_schools(session: Session, data_dir: Path) -> int:
    """Insert or update every school in the data files; returns how many. A team a trust
    admin has edited in the console keeps those edits."""
    schools = load_schools(data_dir)
    for school in schools.values():
        record = session.get(SchoolRecord, school.slug) or SchoolRecord(slug=school.slug)
        record.trust_slug = school.trust_slug
        record.name = school.name
        record.postcode = school.postcode
        record.pastoral_hours = school.pastoral_hours
        if record.team_edited_at is None:  # a trust admin's edits in the console stay
            record.team = [contact.as_dict() for contact in school.team]
            record.team_hours = hours_as_data(school.hours)
        record.widget_origins = list(school.widget_origins)
        record.demo = school.demo
        session.add(record)
    return len(schools)
