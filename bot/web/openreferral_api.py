"""The directory as a read-only Open Referral UK (HSDS 3.0) API, on the console's server.

Public by design (the standard is for sharing directories): CORS `*`, no cookies, GET
only. Demo services are fictional, so they are never shared.
"""

from __future__ import annotations

import json
import math
from typing import Any

from flask import Blueprint, Response, request, url_for
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.directory.models import (
    Attribute,
    Organization,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from bot.directory.openreferral.export import service_record, service_summary
from bot.directory.openreferral.schema import ORUK_PROFILE, SCHEMA_DIR
from bot.directory.postcodes import parse_postcode
from bot.directory.search import DEFAULT_RADIUS_KM, nearest_site, within_box
from bot.geo import GeoPoint
from bot.web.request import app_runtime, db

openreferral = Blueprint("openreferral", __name__)
HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500


class BadRequest(ValueError):
    pass


def _json(body: Any, status: int = 200) -> Response:
    response = Response(json.dumps(body, ensure_ascii=False), status, mimetype="application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@openreferral.errorhandler(BadRequest)
def _bad_request(error: BadRequest) -> Response:
    return _json({"error": str(error)}, 400)


def api_meta() -> Response:
    return _json(
        {
            "version": HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": url_for("openreferral.openapi", _external=True),
        }
    )


@openreferral.get("/openapi.json")
def openapi() -> Response:
    return _json(json.loads((SCHEMA_DIR / ORUK_PROFILE / "openapi.json").read_text()))


def _whole_number(name: str, default: int | None, low: int = 0) -> int | None:
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


def _origin() -> tuple[GeoPoint, float] | None:
    typed = request.args.get("postcode")
    if not typed:
        if request.args.get("proximity"):
            raise BadRequest("proximity needs a postcode")
        return None
    postcode = parse_postcode(typed)
    if postcode is None:
        raise BadRequest("postcode is not a UK postcode")
    found = app_runtime().postcodes.locate(postcode)
    if found is None:
        raise BadRequest("postcode could not be placed")
    metres = _whole_number("proximity", None, low=1)
    return found.point, (metres / 1000 if metres else DEFAULT_RADIUS_KM)


def _filtered() -> Any:
    query = select(Service).join(Organization).where(Service.demo.is_(False))
    text = (request.args.get("text") or request.args.get("search") or "").strip()
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(
            or_(
                func.lower(Service.name).like(pattern),
                func.lower(Service.description).like(pattern),
                func.lower(Organization.name).like(pattern),
            )
        )
    term_id = request.args.get("taxonomy_term_id")
    if term_id:
        query = query.where(
            Service.id.in_(select(Attribute.link_id).where(Attribute.taxonomy_term_id == term_id))
        )
    taxonomy = request.args.get("taxonomy_id")
    if taxonomy:
        query = query.where(
            Service.id.in_(
                select(Attribute.link_id)
                .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
                .where(or_(TaxonomyTerm.taxonomy == taxonomy, TaxonomyTerm.vocabulary == taxonomy))
            )
        )
    minimum_age = _whole_number("minimum_age", None)
    if minimum_age is not None:
        query = query.where(Service.minimum_age >= minimum_age)
    maximum_age = _whole_number("maximum_age", None)
    if maximum_age is not None:
        query = query.where(Service.maximum_age <= maximum_age)
    return query


def _near(session: Session, query: Any, origin: GeoPoint, radius_km: float) -> list[Service]:
    """The services matching `query` with a site within `radius_km`, nearest first: the
    directory's own distance search (bot/directory/search.py)."""
    candidates = session.scalars(
        query.where(Service.id.in_(within_box(origin, radius_km))).options(
            selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location)
        )
    ).all()
    found = [(site[0], service) for service in candidates
             if (site := nearest_site(service, origin, radius_km)) is not None]  # fmt: skip
    return [service for _km, service in sorted(found, key=lambda f: (f[0], f[1].name))]


def _page(total: int, number: int, per_page: int, contents: list[dict[str, Any]]) -> dict[str, Any]:
    total_pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


@openreferral.get("/services")
def services() -> Response:
    number = _whole_number("page", 1, low=1) or 1
    per_page = min(_whole_number("per_page", DEFAULT_PER_PAGE, low=1) or 1, MAX_PER_PAGE)
    query = _filtered().options(selectinload(Service.organization))
    origin = _origin()
    session = db()
    if origin is not None:
        found = _near(session, query, *origin)
        total, chosen = len(found), found[(number - 1) * per_page : number * per_page]
    else:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        chosen = list(
            session.scalars(
                query.order_by(Service.name, Service.id)
                .offset((number - 1) * per_page)
                .limit(per_page)
            )
        )
    return _json(_page(total, number, per_page, [service_summary(s) for s in chosen]))


@openreferral.get("/services/<service_id>")
def service(service_id: str) -> Response:
    session = db()
    found = session.get(Service, service_id)
    if found is None or found.demo:
        return _json({"error": "no such service"}, 404)
    attributes = list(
        session.scalars(
            select(Attribute)
            .where(Attribute.link_id == found.id, Attribute.link_type == "service")
            .options(selectinload(Attribute.taxonomy_term))
        )
    )
    return _json(service_record(found, attributes))
