"""Reads the query parameters of an Open Referral API request, or says which one is wrong.

A parameter we cannot read is a 400 naming it, never ignored: a filter silently dropped
answers a different question than the one asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import request

from bot.directory.openreferral.service_filters import (
    Opening,
    ServiceFilters,
    parse_clock,
    parse_days,
)
from bot.directory.postcodes import Postcode, parse_postcode
from bot.directory.search import DEFAULT_RADIUS_KM
from bot.geo import GeoPoint
from bot.web.request import app_runtime

Parsed = TypeVar("Parsed")


class BadRequest(ValueError):
    pass


def whole_number(name: str, default: int | None, low: int = 0) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number") from None
    if value < low:
        raise BadRequest(f"{name} must be at least {low}")
    return value


def _parsed(name: str, parse: Callable[[str], Parsed]) -> Parsed | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return parse(raw)
    except ValueError as error:
        raise BadRequest(f"{name}: {error}") from None


def _age(text: str) -> float:
    # The OpenAPI types ages as numbers, so "5.5" is allowed; "nan" and "inf" are not ages.
    age = float(text)
    if not 0 <= age < 200:
        raise ValueError("must be an age in years")
    return age


def _closing(text: str) -> str:
    return parse_clock(text, closing=True)


def _opening() -> Opening | None:
    days = _parsed("day", parse_days)
    starts = _parsed("start_time", parse_clock)
    ends = _parsed("end_time", _closing)
    if days is None and starts is None and ends is None:
        return None
    return Opening(days or (), starts, ends)


def service_filters() -> ServiceFilters:
    return ServiceFilters(
        # `text` is ORUK 1.0's name for the OpenAPI's `search`; the validator sends `text`.
        text=(request.args.get("text") or request.args.get("search") or "").strip(),
        taxonomy_term_id=request.args.get("taxonomy_term_id") or None,
        taxonomy_id=request.args.get("taxonomy_id") or None,
        vocabulary=request.args.get("vocabulary") or None,
        minimum_age=_parsed("minimum_age", _age),
        maximum_age=_parsed("maximum_age", _age),
        opening=_opening(),
    )


@dataclass(frozen=True)
class Origin:
    """Where a search by postcode starts, and how far it reaches."""

    postcode: Postcode
    point: GeoPoint
    radius_km: float


def origin() -> Origin | None:
    typed = request.args.get("postcode")
    if not typed:
        if request.args.get("proximity"):
            raise BadRequest("proximity needs a postcode")
        return None
    postcode = parse_postcode(typed)
    if postcode is None:
        raise BadRequest("postcode is not a UK postcode")
    # postcodes.io when it answers, else the district's centre from the shipped outcode table.
    found = app_runtime().postcodes.locate(postcode)
    if found is None:
        raise BadRequest("postcode could not be placed")
    metres = whole_number("proximity", None, low=1)
    return Origin(postcode, found.point, metres / 1000 if metres else DEFAULT_RADIUS_KM)
