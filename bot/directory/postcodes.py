"""UK postcodes: recognise them in text, and turn them into a point on the map.

A full postcode is looked up on postcodes.io (cached in the database); when that service
cannot be reached the postcode's district (outcode) centroid from a shipped table is used,
so the assistant keeps working offline with district-level precision.
"""

from __future__ import annotations

import csv
import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import requests
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.directory.models import PostcodeCache
from bot.geo import GeoPoint

log = logging.getLogger(__name__)

# The Royal Mail pattern (letters that never occur in each position are excluded), so that
# postcode-shaped nonsense like "QQ1 1QQ" is recognised as invalid rather than unknown.
_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_FULL = re.compile(rf"^({_OUTWARD})\s*({_INWARD})$")
_OUTCODE = re.compile(rf"^({_OUTWARD})$")
# Anything postcode-shaped, valid or not, to tell "that postcode is wrong" from "no postcode".
_SHAPED = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?)(?:\s*([0-9][A-Z]{2}))?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Postcode:
    outcode: str
    incode: str | None = None

    @property
    def is_full(self) -> bool:
        return self.incode is not None

    def __str__(self) -> str:
        return f"{self.outcode} {self.incode}" if self.incode else self.outcode


def parse_postcode(text: str) -> Postcode | None:
    """A valid full postcode or outcode in any case and spacing, or None."""
    compact = re.sub(r"\s+", "", text.upper())
    full = _FULL.match(compact)
    if full:
        return Postcode(full.group(1), full.group(2))
    outcode = _OUTCODE.match(compact)
    return Postcode(outcode.group(1)) if outcode else None


def find_postcode_like(text: str) -> str | None:
    """The first postcode-shaped token in free text (it may still be invalid)."""
    match = _SHAPED.search(text)
    return match.group(0) if match else None


def _point(row: dict[str, str]) -> GeoPoint:
    return GeoPoint(float(row["latitude"]), float(row["longitude"]))


def load_outcodes(path: Path) -> dict[str, GeoPoint]:
    with path.open(newline="") as handle:
        rows = csv.DictReader(handle)
        return {row["outcode"].strip().upper(): _point(row) for row in rows}


@dataclass(frozen=True)
class PostcodeLocation:
    point: GeoPoint
    # "postcode" when the exact postcode was found, "outcode" for a district centroid.
    precision: str


class PostcodeLocator:
    """Finds where a postcode is: cache, then postcodes.io, then the outcode table."""

    # After a failed call, don't try the remote service again for this long, so an outage
    # costs one time-out rather than one per message.
    RETRY_AFTER_SECONDS = 60.0

    def __init__(
        self,
        outcodes: dict[str, GeoPoint],
        sessions: sessionmaker[Session] | None,
        base_url: str,
        timeout: float,
    ) -> None:
        self._outcodes = outcodes
        self._sessions = sessions
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._remote_down_until = 0.0
        self._http = requests.Session()

    def locate(self, postcode: Postcode) -> PostcodeLocation | None:
        if postcode.is_full:
            point = self._cached(postcode) or self._fetch(postcode)
            if point:
                return PostcodeLocation(point, "postcode")
        centroid = self._outcodes.get(postcode.outcode)
        return PostcodeLocation(centroid, "outcode") if centroid else None

    def _cached(self, postcode: Postcode) -> GeoPoint | None:
        if self._sessions is None:
            return None
        with self._sessions() as session:
            row = session.get(PostcodeCache, str(postcode))
            return GeoPoint(row.latitude, row.longitude) if row else None

    def _fetch(self, postcode: Postcode) -> GeoPoint | None:
        if time.monotonic() < self._remote_down_until:
            return None
        url = f"{self._base_url}/postcodes/{postcode.outcode}{postcode.incode}"
        try:
            response = self._http.get(url, timeout=self._timeout)
        except requests.RequestException as error:
            self._remote_down_until = time.monotonic() + self.RETRY_AFTER_SECONDS
            log.warning("postcodes.io unreachable (%s); using outcodes", type(error).__name__)
            return None
        if response.status_code == 404:
            return None  # a well-formed postcode that does not exist (or was retired)
        if response.status_code != 200:
            log.warning("postcodes.io answered %s; using outcode centroids", response.status_code)
            return None
        try:
            result = response.json()["result"]
            point = GeoPoint(float(result["latitude"]), float(result["longitude"]))
        except (ValueError, KeyError, TypeError):
            log.warning("postcodes.io sent an unexpected body; using outcode centroids")
            return None
        self._store(postcode, point)
        return point

    def _store(self, postcode: Postcode, point: GeoPoint) -> None:
        if self._sessions is None:
            return
        with self._sessions() as session:
            session.merge(
                PostcodeCache(
                    postcode=str(postcode),
                    latitude=point.latitude,
                    longitude=point.longitude,
                    fetched_at=datetime.now(timezone.utc),
                )
            )
            session.commit()

    @classmethod
    def outcodes_path(cls, data_dir: Path) -> Path:
        return data_dir / "directory" / "outcodes.csv"


def postcode_locator(settings: Settings, sessions: sessionmaker[Session]) -> PostcodeLocator:
    """The locator for these settings: the outcodes file, the cache in the database, and
    postcodes.io with its time limit."""
    return PostcodeLocator(
        load_outcodes(PostcodeLocator.outcodes_path(settings.data_dir)),
        sessions,
        settings.postcodes_io_url,
        settings.postcodes_io_timeout,
    )
