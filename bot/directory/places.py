"""Towns and areas of the served region, so "we're in Tipton" finds services near Tipton."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.config import read_yaml
from bot.geo import GeoPoint

# A typed town name this close to a known one (0-100) is taken to mean it: "tiptn", "walsal".
FUZZY_MATCH_CUTOFF = 86


@dataclass(frozen=True)
class Place:
    name: str
    outcode: str
    point: GeoPoint


def _key(name: str) -> str:
    return re.sub(r"[^a-z ]", "", name.lower().replace("-", " ")).strip()


class PlaceFinder:
    def __init__(self, places: list[Place], aliases: dict[str, Place]) -> None:
        self._by_key = {_key(p.name): p for p in places} | aliases
        self._longest_first = sorted(self._by_key, key=len, reverse=True)

    @classmethod
    def from_file(cls, path: Path) -> PlaceFinder:
        raw = read_yaml(path)["places"]
        places: list[Place] = []
        aliases: dict[str, Place] = {}
        for entry in raw:
            place = Place(
                entry["name"],
                entry["outcode"].upper(),
                GeoPoint(float(entry["latitude"]), float(entry["longitude"])),
            )
            places.append(place)
            for alias in entry.get("aliases") or []:
                aliases[_key(alias)] = place
        return cls(places, aliases)

    def find(self, text: str) -> Place | None:
        key = _key(text)
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key]
        # A known name inside a sentence ("we live in tipton"); longest first so that
        # "stoke on trent" wins over "stoke".
        for known in self._longest_first:
            if re.search(rf"\b{re.escape(known)}\b", key):
                return self._by_key[known]
        # Typos only in short messages: in a long one, fuzzy matching finds towns that aren't there.
        if len(key.split()) <= 3:
            best = process.extractOne(key, self._by_key.keys(), scorer=fuzz.ratio)
            if best and best[1] >= FUZZY_MATCH_CUTOFF:
                return self._by_key[best[0]]
        return None

    @classmethod
    def places_path(cls, data_dir: Path) -> Path:
        return data_dir / "directory" / "places.yml"
