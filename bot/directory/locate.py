"""Work out where someone is from what they typed: a postcode, a town, or their school."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.directory.places import PlaceFinder
from bot.directory.postcodes import PostcodeLocator, find_postcode_like, parse_postcode
from bot.geo import GeoPoint


class LocationProblem(Enum):
    INVALID_POSTCODE = "invalid_postcode"  # not a UK postcode at all
    UNKNOWN_POSTCODE = "unknown_postcode"  # a valid postcode we cannot place
    UNKNOWN_TOWN = "unknown_town"
    NOTHING_FOUND = "nothing_found"  # no postcode or town in the message


@dataclass(frozen=True)
class Whereabouts:
    """A place to search near, as we will say it back to the person."""

    label: str
    point: GeoPoint
    postcode: str | None = None


@dataclass(frozen=True)
class LocationAnswer:
    place: Whereabouts | None = None
    problem: LocationProblem | None = None
    # What the person typed that we could not use (shown back in the apology).
    rejected: str | None = None


class Locator:
    def __init__(self, postcodes: PostcodeLocator, places: PlaceFinder) -> None:
        self._postcodes = postcodes
        self._places = places

    def from_postcode(self, typed: str) -> LocationAnswer:
        postcode = parse_postcode(typed)
        if postcode is None:
            return LocationAnswer(problem=LocationProblem.INVALID_POSTCODE, rejected=typed.strip())
        found = self._postcodes.locate(postcode)
        if found is None:
            return LocationAnswer(problem=LocationProblem.UNKNOWN_POSTCODE, rejected=str(postcode))
        return LocationAnswer(Whereabouts(str(postcode), found.point, str(postcode)))

    def from_town(self, typed: str) -> LocationAnswer:
        place = self._places.find(typed)
        if place is None:
            return LocationAnswer(problem=LocationProblem.UNKNOWN_TOWN, rejected=typed.strip())
        return LocationAnswer(Whereabouts(place.name, place.point))

    def from_message(
        self, text: str, postcode_entity: str | None, town_entity: str | None
    ) -> LocationAnswer:
        """Entities first (the NLU found them); otherwise read the text ourselves."""
        if postcode_entity:
            return self.from_postcode(postcode_entity)
        if town_entity:
            return self.from_town(town_entity)
        shaped = find_postcode_like(text)
        if shaped and parse_postcode(shaped):
            return self.from_postcode(shaped)
        town = self._places.find(text)
        if town is not None:
            return LocationAnswer(Whereabouts(town.name, town.point))
        if shaped:
            return LocationAnswer(problem=LocationProblem.INVALID_POSTCODE, rejected=shaped)
        return LocationAnswer(problem=LocationProblem.NOTHING_FOUND)
