from datetime import datetime
from zoneinfo import ZoneInfo

from bot.directory.schedule import OpeningPeriod, is_open

UK = ZoneInfo("Europe/London")
WEEKDAYS = OpeningPeriod.parse("MO,TU,WE,TH,FR", "09:00", "17:00")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    # 2026-11-23 is a Monday.
    return datetime(2026, 11, 23 + day, hour, minute, tzinfo=UK)


def test_open_inside_weekday_hours_and_closed_outside() -> None:
    assert is_open([WEEKDAYS], at(0, 9)) is True
    assert is_open([WEEKDAYS], at(2, 16, 59)) is True
    assert is_open([WEEKDAYS], at(0, 17)) is False
    assert is_open([WEEKDAYS], at(5, 12)) is False  # Saturday


def test_unknown_hours_are_not_guessed() -> None:
    assert is_open([], at(0, 12)) is None


def test_round_the_clock_service_is_always_open() -> None:
    always = OpeningPeriod.parse("MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00")
    assert all(is_open([always], at(day, hour)) for day in range(7) for hour in (0, 3, 12, 23))


def test_overnight_period_runs_past_midnight() -> None:
    night = OpeningPeriod.parse("FR", "19:00", "02:00")
    assert is_open([night], at(4, 22)) is True  # Friday night
    assert is_open([night], at(5, 1, 30)) is True  # early Saturday
    assert is_open([night], at(5, 3)) is False
    assert is_open([night], at(3, 1)) is False  # early Thursday: Wednesday has no period


def test_time_zone_is_the_uk_whatever_the_server_uses() -> None:
    utc_evening = datetime(2026, 7, 6, 16, 30, tzinfo=ZoneInfo("UTC"))  # 17:30 BST
    assert is_open([WEEKDAYS], utc_evening) is False
