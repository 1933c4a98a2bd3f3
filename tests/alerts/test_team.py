"""Each school's safeguarding team and its hours, from data/schools: who is alerted, and
when the team is in (UK time, holidays closed)."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.alerts.ladder import Ladder
from bot.config import DATA_DIR
from bot.schools import load_schools
from bot.team import UK, TeamStatus, for_rung, parse_hours, spoken_opening

HOURS = parse_hours(
    {"mon-fri": "08:15-16:30", "fri": "08:15-15:30"},
    [{"from": "2026-12-21", "to": "2027-01-01", "name": "Christmas holidays"}],
)


def uk(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UK)


def test_every_demo_school_has_a_dsl_deputies_the_trust_dsl_and_hours() -> None:
    schools = load_schools(DATA_DIR)
    assert len(schools) == 6
    for school in schools.values():
        roles = [contact.role for contact in school.team]
        assert roles.count("dsl") >= 1 and roles[-1] == "trust_dsl", school.slug
        assert all("@" in contact.email for contact in school.team)
        assert school.hours.times, school.slug
        assert school.hours.is_open(uk(2026, 12, 7, 10, 0)), "a Monday morning in term"
        assert not school.hours.is_open(uk(2026, 12, 23, 10, 0)), "the Christmas holidays"


def _copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "schools", data / "schools")
    return data


def test_a_school_with_no_team_contacts_is_refused_by_name(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    path = data / "schools" / "demo_trust.yml"
    document = yaml.safe_load(path.read_text())
    document["schools"][2]["team"] = []
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(ValueError, match="palfrey-park-primary"):
        load_schools(data)


def test_a_team_contact_without_an_email_is_refused(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    path = data / "schools" / "demo_trust.yml"
    document = yaml.safe_load(path.read_text())
    del document["schools"][0]["team"][1]["email"]
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(ValueError, match="greets-green-meadow-primary.*email"):
        load_schools(data)


def test_the_ladders_rungs_widen_from_the_dsl_to_the_trust() -> None:
    team = load_schools(DATA_DIR)["rowley-hills-academy"].team
    assert [c.role for c in for_rung(team, 0)] == ["dsl"]
    assert [c.role for c in for_rung(team, 1)] == ["dsl", "deputy"]
    assert [c.role for c in for_rung(team, 2)] == ["dsl", "deputy", "trust_dsl"]


@pytest.mark.parametrize(
    ("now", "opening"),
    [
        (uk(2026, 12, 4, 16, 0), uk(2026, 12, 7, 8, 15)),  # Friday after its early close
        (uk(2026, 12, 7, 7, 0), uk(2026, 12, 7, 8, 15)),  # Monday before school
        (uk(2026, 12, 18, 20, 0), uk(2027, 1, 4, 8, 15)),  # into the Christmas holidays
        (uk(2027, 3, 29, 9, 0), uk(2027, 3, 29, 9, 0)),  # open now (after the clocks change)
    ],
)
def test_the_next_opening_skips_evenings_weekends_and_holidays(now, opening) -> None:
    assert HOURS.next_opening(now) == opening


def test_hours_are_uk_time_in_summer_and_winter() -> None:
    summer = datetime.fromisoformat("2027-06-14T07:30:00+00:00")  # 8:30am BST
    winter = datetime.fromisoformat("2027-01-11T08:30:00+00:00")  # 8:30am GMT
    assert HOURS.is_open(summer) and HOURS.is_open(winter)
    assert not HOURS.is_open(datetime.fromisoformat("2027-06-14T07:00:00+00:00"))  # 8am BST


def test_the_team_status_says_only_what_is_true() -> None:
    in_hours = uk(2026, 12, 7, 10, 0)
    assert TeamStatus.at(HOURS, in_hours, console_open=True).reading_now
    nobody = TeamStatus.at(HOURS, in_hours, console_open=False)
    assert not nobody.reading_now and nobody.closes_at == uk(2026, 12, 7, 16, 30)
    evening = TeamStatus.at(HOURS, uk(2026, 12, 7, 20, 0), console_open=True)
    assert not evening.reading_now and evening.next_opening == uk(2026, 12, 8, 8, 15)


def test_the_next_opening_is_said_as_a_person_would() -> None:
    friday = uk(2026, 12, 4, 18, 0)
    assert spoken_opening(uk(2026, 12, 7, 8, 15), friday) == "on Monday 7 December at 8:15am"
    assert spoken_opening(uk(2026, 12, 5, 9, 0), friday) == "tomorrow at 9am"
    assert spoken_opening(uk(2026, 12, 4, 19, 30), friday) == "later today at 7:30pm"
    assert spoken_opening(None, friday) == "when they are next in school"


def test_a_check_in_waits_one_working_day_of_the_teams_hours() -> None:
    ladder = Ladder.from_setting("")
    friday_3pm = uk(2026, 12, 4, 15, 0)
    due = ladder.due(severity="medium", review=True, since=friday_3pm, rung=1, hours=HOURS)
    # Friday 3pm to its 3:30pm close, then Monday from 8:15am: 8 h 15 min of open time.
    assert due == uk(2026, 12, 7, 8, 15) + (timedelta(hours=8, minutes=15) - timedelta(minutes=30))
    high = ladder.due(severity="high", review=False, since=friday_3pm, rung=2, hours=HOURS)
    assert high == friday_3pm + timedelta(minutes=10)


def test_ladder_settings_are_checked() -> None:
    assert Ladder.from_setting("high=1,review=2").waits["review"] == 2.0
    with pytest.raises(ValueError, match="urgent"):
        Ladder.from_setting("urgent=5")
