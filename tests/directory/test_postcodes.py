import time

import pytest

from bot.config import DATA_DIR
from bot.db import make_engine, make_session_factory, upgrade
from bot.directory.postcodes import (
    Postcode,
    PostcodeLocator,
    find_postcode_like,
    load_outcodes,
    parse_postcode,
)
from bot.geo import GeoPoint, distance_km

OUTCODES = load_outcodes(DATA_DIR / "directory" / "outcodes.csv")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("B70 7PG", "B70 7PG"),
        ("b707pg", "B70 7PG"),
        ("  ws1   1tp ", "WS1 1TP"),
        ("ST4 3RT", "ST4 3RT"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("B70", "B70"),
        ("st4", "ST4"),
        ("WS10", "WS10"),
    ],
)
def test_valid_postcodes_are_normalised(typed: str, expected: str) -> None:
    assert str(parse_postcode(typed)) == expected


@pytest.mark.parametrize("typed", ["QQ1 1QQ", "B70 7P", "12345", "hello", "", "B70 7PAA", "V1 1AA"])
def test_invalid_postcodes_are_rejected(typed: str) -> None:
    assert parse_postcode(typed) is None


def test_postcode_shaped_text_is_found_in_a_sentence() -> None:
    assert find_postcode_like("we live near b70 7pg thanks") == "b70 7pg"
    assert find_postcode_like("no postcode here") is None


def test_outcode_table_covers_every_demo_district() -> None:
    for district in ["B70", "B71", "B66", "B69", "DY4", "WS1", "WS2", "WS3", "WS10", "ST1", "ST4"]:
        assert district in OUTCODES, district
    # Sanity: the Walsall and Stoke districts are roughly 60 km apart.
    assert 50 < distance_km(OUTCODES["WS1"], OUTCODES["ST1"]) < 70


@pytest.fixture
def cache_sessions(sqlite_url: str):
    upgrade(sqlite_url)
    return make_session_factory(make_engine(sqlite_url))


def test_full_postcode_is_looked_up_and_cached(postcodes_io, cache_sessions) -> None:
    locator = PostcodeLocator(OUTCODES, cache_sessions, postcodes_io.url, timeout=2)
    found = locator.locate(Postcode("B70", "7PG"))
    assert found is not None and found.precision == "postcode"
    assert found.point == GeoPoint(52.5190, -1.9945)
    assert len(postcodes_io.requests) == 1

    again = PostcodeLocator(OUTCODES, cache_sessions, postcodes_io.url, timeout=2)
    assert again.locate(Postcode("B70", "7PG")) == found
    assert len(postcodes_io.requests) == 1, "the second look-up must come from the cache"


def test_unknown_full_postcode_falls_back_to_its_district(postcodes_io, cache_sessions) -> None:
    locator = PostcodeLocator(OUTCODES, cache_sessions, postcodes_io.url, timeout=2)
    found = locator.locate(Postcode("WS2", "9ZZ"))
    assert found is not None and found.precision == "outcode"
    assert found.point == OUTCODES["WS2"]


def test_unreachable_service_falls_back_quietly_and_is_not_retried_at_once(
    closed_port_url, cache_sessions
) -> None:
    locator = PostcodeLocator(OUTCODES, cache_sessions, closed_port_url, timeout=2)
    first = locator.locate(Postcode("B70", "7PG"))
    assert first is not None and first.precision == "outcode"
    started = time.monotonic()
    second = locator.locate(Postcode("WS1", "1TP"))
    assert second is not None and second.point == OUTCODES["WS1"]
    # Within the back-off window no connection is attempted at all.
    assert time.monotonic() - started < 0.5


def test_postcode_outside_the_shipped_table_is_unknown_when_offline(closed_port_url) -> None:
    locator = PostcodeLocator(OUTCODES, None, closed_port_url, timeout=1)
    assert locator.locate(Postcode("SW1A", "1AA")) is None
    assert locator.locate(Postcode("ZE1")) is None
