"""The directory as a read-only Open Referral UK (HSDS 3.0) API, on the console's server.

Public by design (the standard is for sharing directories): CORS `*`, no cookies, GET
only. Demo services are fictional, so they are never shared.

The same records are served as HSDS 3.1 under `/hsds-3.1/`, whose root declares that
version: a feed declares its version once, at its root, and that is where importers and the
ORUK validator read it (`GET {base}/`). tests/directory/test_oruk_validator_levels.py runs
the validator's Level 1 and Level 2 checks against both.
"""

from __future__ import annotations

import json
import math
from typing import Any

from flask import Blueprint, Response, url_for
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from bot.directory.models import Attribute, Service, ServiceAtLocation
from bot.directory.openreferral.export import service_record, service_summary
from bot.directory.openreferral.schema import ORUK_PROFILE, SCHEMA_DIR
from bot.directory.openreferral.service_filters import at_postcode, services_matching
from bot.directory.search import nearest_site, within_box
from bot.web.openreferral_query import BadRequest, Origin, origin, service_filters, whole_number
from bot.web.request import db

openreferral = Blueprint("openreferral", __name__)
HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
# The base of the same API as HSDS 3.1 (there is no UK profile or OpenAPI document of 3.1).
HSDS_31_BASE = "/hsds-3.1"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500


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


@openreferral.get(f"{HSDS_31_BASE}/")
def api_meta_31() -> Response:
    return _json({"version": "3.1"})


@openreferral.get("/openapi.json")
def openapi() -> Response:
    return _json(json.loads((SCHEMA_DIR / ORUK_PROFILE / "openapi.json").read_text()))


def _near(session: Session, query: Select, start: Origin) -> list[Service]:
    """The services matching `query` with a site within the radius, nearest first: the
    directory's own distance search (bot/directory/search.py). A service with an address at
    the very postcode asked is at distance 0: offline we place a postcode at its district's
    centre, which can be further than the radius from the postcode itself."""
    near = Service.id.in_(within_box(start.point, start.radius_km))
    at_the_postcode: set[str] = set()
    if start.postcode.is_full:
        at_the_postcode = set(session.scalars(at_postcode(start.postcode)))
        near = or_(near, Service.id.in_(at_the_postcode))
    candidates = session.scalars(
        query.where(near).options(
            selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location)
        )
    ).all()
    found: list[tuple[float, Service]] = []
    for service in candidates:
        site = nearest_site(service, start.point, start.radius_km)
        if service.id in at_the_postcode:
            found.append((0.0, service))
        elif site is not None:
            found.append((site[0], service))
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


# The legacy validator pages through `{base}/services/?page=N`, with the slash.
@openreferral.get("/services")
@openreferral.get("/services/")
@openreferral.get(f"{HSDS_31_BASE}/services")
@openreferral.get(f"{HSDS_31_BASE}/services/")
def services() -> Response:
    number = whole_number("page", 1, low=1) or 1
    per_page = min(whole_number("per_page", DEFAULT_PER_PAGE, low=1) or 1, MAX_PER_PAGE)
    query = services_matching(service_filters()).options(selectinload(Service.organization))
    start = origin()
    session = db()
    if start is not None:
        found = _near(session, query, start)
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
@openreferral.get(f"{HSDS_31_BASE}/services/<service_id>")
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
