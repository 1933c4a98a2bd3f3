import pytest

from bot.config import DATA_DIR
from bot.directory.places import PlaceFinder

PLACES = PlaceFinder.from_file(DATA_DIR / "directory" / "places.yml")


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Tipton", "Tipton"),
        ("west brom", "West Bromwich"),
        ("we live in walsall", "Walsall"),
        ("Stoke-on-Trent", "Stoke-on-Trent"),
        ("near hanley pls", "Hanley"),
        ("Tiptn", "Tipton"),
    ],
)
def test_towns_are_found_with_aliases_sentences_and_typos(typed: str, name: str) -> None:
    place = PLACES.find(typed)
    assert place is not None and place.name == name


@pytest.mark.parametrize("typed", ["Manchester", "asdfgh", "", "my son has a cough at night"])
def test_unknown_places_are_not_invented(typed: str) -> None:
    assert PLACES.find(typed) is None
