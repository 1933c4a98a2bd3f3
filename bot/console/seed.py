"""Schools into the database from data/schools/*.yml, so the console can scope accounts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from bot.console.models import SchoolRecord
from bot.schools import load_schools


def seed_schools(session: Session, data_dir: Path) -> int:
    """Insert or update every school in the data files; returns how many."""
    schools = load_schools(data_dir)
    for school in schools.values():
        record = session.get(SchoolRecord, school.slug) or SchoolRecord(slug=school.slug)
        record.trust_slug = school.trust_slug
        record.name = school.name
        record.postcode = school.postcode
        record.pastoral_hours = school.pastoral_hours
        record.dsl_contacts = [
            {"name": school.dsl_name, "phone": school.dsl_phone, "email": school.dsl_email}
        ]
        record.widget_origins = list(school.widget_origins)
        record.demo = school.demo
        session.add(record)
    return len(schools)
