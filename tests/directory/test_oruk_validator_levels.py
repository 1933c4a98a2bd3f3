"""Our Open Referral API as the ORUK validator sees it: its Level 1 and Level 2 checks
(/work/shared/openreferral/oruk-validator/VALIDATOR.md), one test each, run against the
console's web server on loopback, for the Open Referral UK 3.0 feed at the root and the
HSDS 3.1 feed under /hsds-3.1.

Level 1 is the HSDS-UK-3.0 test profile's (the root, the paged services list, each service
by id) with the legacy validator's paging walk; Level 2 is the legacy validator's query
tests, where a service picked from the feed must come back when its own name, postcode,
opening times, taxonomy or ages are asked for. The validator picks one candidate for each;
these tests try every candidate, and also check that each filter filters: a parameter the
API ignored would pass the validator.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import requests
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.serving import make_server

from bot.config import DATA_DIR
from bot.directory.openreferral.feeds import JsonFileFeed
from bot.directory.openreferral.importer import Importer
from bot.directory.openreferral.schema import schema_folder, schema_problems
from bot.directory.openreferral.topic_map import TopicMap
from bot.directory.postcodes import parse_postcode
from bot.geo import GeoPoint, distance_km
from bot.web.app import WebSettings, create_app
from tests.conftest import seeded_database
from tests.directory.feed_server import FIXTURES
from tests.directory.oruk_schemas import oruk_problems
from tests.directory.test_openreferral_import import NOW, outcode_centroid

# The v3 paging envelope, exactly: the HSDS-UK-3.0 profile's paging test reads these keys.
PAGE_FIELDS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}
# A council service whose address is in WS3 but ~3 km from WS3's centre (fictional, like the
# council feed): offline we can place its postcode only at that centre, further away than
# the 1000 m the validator's Postcode Search asks about.
FAR_FROM_CENTRE_ID = "5d2b9e70-3c41-4f6a-9b8e-7a1c0e2f3d01"
FAR_FROM_CENTRE_POSTCODE = "WS3 9ZZ"
FAR_FROM_CENTRE = {
    "id": FAR_FROM_CENTRE_ID,
    "name": "Pelsall Young Carers Drop-in",
    "description": "A weekly drop-in for young carers aged 8 to 18, with a hot meal.",
    "url": "https://example.org/pelsall/young-carers",
    "status": "active",
    "minimum_age": 8,
    "maximum_age": 18,
    "organization": {
        "id": "5d2b9e70-3c41-4f6a-9b8e-7a1c0e2f3d00",
        "name": "Pelsall Community Association",
        "description": "Volunteers running activities in Pelsall's community centre.",
    },
    "schedules": [
        {
            "id": "5d2b9e70-3c41-4f6a-9b8e-7a1c0e2f3d02",
            "freq": "WEEKLY",
            "byday": "SA",
            "opens_at": "10:30:00",
            "closes_at": "12:00:00",
        }
    ],
    "service_at_locations": [
        {
            "id": "5d2b9e70-3c41-4f6a-9b8e-7a1c0e2f3d03",
            "location": {
                "id": "5d2b9e70-3c41-4f6a-9b8e-7a1c0e2f3d04",
                "location_type": "physical",
                "name": "Pelsall Community Centre",
                "latitude": 52.6305,
                "longitude": -1.95,
                "addresses": [
                    {
                        "id": "5d2b9e70-3c41-4f6a-9b8e-7a1c0e2f3d05",
                        "address_1": "1 Station Road",
                        "city": "Walsall",
                        "state_province": "West Midlands",
                        "postal_code": FAR_FROM_CENTRE_POSTCODE,
                        "country": "GB",
                        "address_type": "physical",
                    }
                ],
            },
        }
    ],
}


class Feed:
    """One feed as the validator reaches it: a base URL and the HSDS version it declares."""

    def __init__(self, url: str, version: str) -> None:
        self.url = url
        self.version = version

    def get(self, path: str, **params: Any) -> requests.Response:
        return requests.get(f"{self.url}{path}", params=params, timeout=10)

    def found(self, **params: Any) -> list[str]:
        """Every service id a filtered `/services` query returns, paging through all of its
        results as the validator does (up to the `total_pages` each page reports)."""
        ids: list[str] = []
        number, total_pages = 1, 1
        while number <= total_pages:
            response = self.get("/services", page=number, **params)
            assert response.status_code == 200, (params, response.text)
            body = response.json()
            ids += [service["id"] for service in body["contents"]]
            number, total_pages = number + 1, body["total_pages"]
        return ids

    def records(self) -> list[dict[str, Any]]:
        return [self.get(f"/services/{service_id}").json() for service_id in self.found()]

    def record_problems(self, record: dict[str, Any]) -> list[str]:
        """The 3.0 feed promises the Open Referral UK profile; the 3.1 feed, HSDS 3.1 (the
        schema our importer checks 3.1 feeds with)."""
        if self.version == "3.0":
            return oruk_problems("/services/{id}", record)
        return schema_problems(record, schema_folder(self.version))

    def list_problems(self, body: dict[str, Any]) -> list[str]:
        if self.version == "3.0":
            return oruk_problems("/services", body)
        # HSDS 3.1 pages services in the same envelope as 3.0 (its 3.1.1 makes `empty` required).
        envelope = oruk_problems("/services", {**body, "contents": []})
        folder = schema_folder(self.version)
        return envelope + [p for item in body["contents"] for p in schema_problems(item, folder)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed directory, a council's feed and one service far from its district's centre,
    served by the console app on loopback with postcodes.io unreachable, as on this machine."""
    folder = tmp_path_factory.mktemp("oruk")
    nowhere = "http://127.0.0.1:9"  # the discard port: nothing answers there
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POSTCODES_IO_URL", nowhere)
        url = f"sqlite:///{folder / 'directory.db'}"
        sessions = seeded_database(url)
        extra = folder / "far_from_centre.json"
        extra.write_text(json.dumps([FAR_FROM_CENTRE]))
        for path in (FIXTURES / "council_feed" / "services.json", extra):
            assert _importer(sessions).run(JsonFileFeed(path), NOW).ok
        app = create_app(WebSettings(url, nowhere, "token", "secret-key", secure_cookies=False))
        http = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=http.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{http.server_port}"
        http.shutdown()


def _importer(sessions: sessionmaker[Session]) -> Importer:
    return Importer(sessions, TopicMap.from_file(DATA_DIR), outcode_centroid)


@pytest.fixture(params=[("", "3.0"), ("/hsds-3.1", "3.1")], ids=["oruk-3.0", "hsds-3.1"])
def feed(server: str, request: pytest.FixtureRequest) -> Feed:
    base, version = request.param
    return Feed(f"{server}{base}", version)


# Level 1


def test_api_meta_info(feed: Feed) -> None:
    """Level 1, "API meta info - API & schema validation": `GET {base}/` describes the API
    in the OpenAPI's schema, and its `version` is what the validator and importers go by."""
    body = feed.get("/").json()
    assert oruk_problems("/", body) == []
    assert body["version"] == feed.version
    if "openapi_url" in body:
        assert "/services" in requests.get(body["openapi_url"], timeout=10).json()["paths"]


def test_paging_metadata_has_the_exact_page_fields(feed: Feed) -> None:
    """Level 1, "Paging metadata" and "Services list - API & schema validation": every page
    of `/services` carries exactly the v3 page fields, whole numbers where numbers are due,
    and passes the list schema."""
    total_pages = feed.get("/services", per_page=4).json()["total_pages"]
    for number in range(1, total_pages + 2):
        body = feed.get("/services", per_page=4, page=number).json()
        assert set(body) == PAGE_FIELDS, number
        assert all(type(body[key]) is int for key in ("total_items", "total_pages", "size"))
        assert body["page_number"] == number
        assert feed.list_problems(body) == [], number


def test_paging_tests_on_first_middle_and_last_pages(feed: Feed) -> None:
    """Level 1, "Paging tests" (PaginationTestingService, `per_page=5`): on each page the
    first-page flag is set exactly on page 1, the last-page flag exactly on `total_pages`,
    `empty` exactly when no items came, the count is `per_page` but on the last page, and
    `size` is the count returned. Every page is tried, not three at random."""
    first = feed.get("/services", per_page=5, page=1).json()
    total_pages = first["total_pages"]
    assert total_pages == -(-first["total_items"] // 5) > 2  # a middle page to try
    for number in range(1, total_pages + 1):
        body = feed.get("/services", per_page=5, page=number).json()
        count = len(body["contents"])
        assert body["first_page"] is (number == 1), number
        assert body["last_page"] is (number == total_pages), number
        assert body["empty"] is (count == 0), number
        assert count == 5 or number == total_pages, number
        assert body["size"] == count, number


def test_paging_walks_services_with_the_slash_until_total_pages(feed: Feed) -> None:
    """Level 1, "Paging" (legacy validator): `GET {base}/services/?page=N` from N=1, stopping
    at the `totalPages` each page reports, collects every service once; and so does its
    optional `&per_page=1000` mode. With no service at all it would report "A paginatable
    service method is not present"."""
    for extra in ({}, {"per_page": 1000}):
        ids: list[str] = []
        number, total_pages, total_items = 1, 1, 0
        while number <= total_pages:
            response = feed.get("/services/", page=number, **extra)
            assert response.status_code == 200, response.url
            body = response.json()
            ids += [service["id"] for service in body["contents"]]
            number, total_pages, total_items = number + 1, body["total_pages"], body["total_items"]
        assert ids and len(ids) == len(set(ids)) == total_items


def test_detail_page_of_every_listed_service(feed: Feed) -> None:
    """Level 1, "Detail page" and "Service by id - API & schema validation": each id in
    `contents` has `GET {base}/services/{id}`, a fully nested service in the schema (the
    legacy validator fails Level 1 only if all of them fail; we want none to)."""
    for service_id in feed.found():
        response = feed.get(f"/services/{service_id}")
        assert response.status_code == 200, service_id
        record = response.json()
        assert record["id"] == service_id
        assert feed.record_problems(record) == [], service_id


def test_cors_lets_any_site_read_the_feed(feed: Feed) -> None:
    """Level 1 (legacy validator's warning): `Access-Control-Allow-Origin: *` is sent."""
    service_id = feed.found()[0]
    for path in ("/", "/services", f"/services/{service_id}"):
        assert feed.get(path).headers.get("Access-Control-Allow-Origin") == "*", path


# Level 2


def test_text_test_finds_each_service_by_its_name(feed: Feed) -> None:
    """Level 2, "Text Test": `?text=<service.name>` finds the service."""
    records = feed.records()
    for record in records:
        assert record["id"] in feed.found(text=record["name"]), record["name"]
    assert len(feed.found(text="Breathe Easy")) < len(records)


def _uk_postcodes(record: dict[str, Any]) -> set[str]:
    return {
        address["postal_code"]
        for site in record.get("service_at_locations", [])
        for address in site["location"].get("addresses", [])
        if (postcode := parse_postcode(address["postal_code"])) and postcode.is_full
    }


def test_postcode_search_finds_each_service_within_1000_m_of_its_postcode(feed: Feed) -> None:
    """Level 2, "Postcode Search": `?proximity=1000&postcode=<postal_code>` (metres) finds
    the service with an address at that postcode, even offline, where the postcode is placed
    at its district's centre, kilometres from some of its addresses."""
    records = feed.records()
    tried = 0
    for record in records:
        for postcode in _uk_postcodes(record):
            assert record["id"] in feed.found(proximity=1000, postcode=postcode), postcode
            tried += 1
    assert tried >= 4
    centre = outcode_centroid(FAR_FROM_CENTRE_POSTCODE)
    site = FAR_FROM_CENTRE["service_at_locations"][0]["location"]
    assert centre and distance_km(centre, GeoPoint(site["latitude"], site["longitude"])) > 2
    # Near the district's centre but not at the postcode: only what is within the radius.
    near_centre = feed.found(proximity=1000, postcode="WS3 9ZY")
    assert FAR_FROM_CENTRE_ID not in near_centre
    assert len(feed.found(proximity=1000, postcode="WS1 3ZZ")) < len(records)


def _valid_today(schedule: dict[str, Any]) -> bool:
    today = date.today().isoformat()
    return schedule.get("valid_from", today) <= today <= schedule.get("valid_to", today)


def test_time_search_test_finds_each_service_by_its_opening_hours(feed: Feed) -> None:
    """Level 2, "Time Search Test": for a schedule valid today, `start_time=<opens_at>`,
    `end_time=<closes_at>` and `day=<byday>` (each only when present) find the service."""
    tried = 0
    for record in feed.records():
        for schedule in filter(_valid_today, record.get("schedules", [])):
            sent = {"start_time": "opens_at", "end_time": "closes_at", "day": "byday"}
            params = {param: schedule[field] for param, field in sent.items() if field in schedule}
            if params:
                assert record["id"] in feed.found(**params), params
                tried += 1
    assert tried >= 10
    # Each parameter filters, and one opening period has to meet them all.
    saturday = feed.found(day="SA")
    assert FAR_FROM_CENTRE_ID in saturday and len(saturday) < len(feed.found())
    assert FAR_FROM_CENTRE_ID in feed.found(day="saturday", start_time="10:00", end_time="12:30")
    assert FAR_FROM_CENTRE_ID not in feed.found(day="SA", start_time="11:00")
    assert FAR_FROM_CENTRE_ID not in feed.found(day="SA", end_time="11:00")
    assert FAR_FROM_CENTRE_ID not in feed.found(day="MO,TU", start_time="10:00")
    for bad in ({"day": "funday"}, {"start_time": "25:00"}, {"end_time": "noon"}):
        assert feed.get("/services", **bad).status_code == 400, bad


def test_taxonomy_test_finds_each_service_by_its_terms(feed: Feed) -> None:
    """Level 2, "Taxonomy Test": a term with an id and a taxonomy finds the service, sent as
    the validator sends it (`?taxonomy_id=<term id>&vocabulary=<its taxonomy>`, ORUK 1.0's
    names) and as HSDS 3 names them (`taxonomy_term_id`, and `taxonomy_id` for the taxonomy)."""
    tried = 0
    for record in feed.records():
        for attribute in record.get("attributes", []):
            term = attribute["taxonomy_term"]
            if "taxonomy_id" not in term:
                continue
            legacy = feed.found(taxonomy_id=term["id"], vocabulary=term["taxonomy_id"])
            assert record["id"] in legacy, term
            assert record["id"] in feed.found(taxonomy_term_id=term["id"]), term
            assert record["id"] in feed.found(taxonomy_id=term["taxonomy_id"]), term
            tried += 1
    assert tried >= 10
    everything = feed.found()
    council = feed.found(taxonomy_id="brookmere-service-types")
    assert 0 < len(council) < len(everything)
    # The term's id asked for in another taxonomy is not that term.
    assert feed.found(taxonomy_id="topic-asthma", vocabulary="brookmere-service-types") == []


def test_age_test_finds_each_service_by_its_ages(feed: Feed) -> None:
    """Level 2, "Age Test": `minimum_age=<min>` and/or `maximum_age=<max>` (the service's own)
    find the service."""
    tried = 0
    for record in feed.records():
        params = {key: record[key] for key in ("minimum_age", "maximum_age") if key in record}
        if params:
            assert record["id"] in feed.found(**params), params
            for key, value in params.items():
                assert record["id"] in feed.found(**{key: value}), key
            tried += 1
    assert tried >= 8
    assert 0 < len(feed.found(minimum_age=11)) < len(feed.found())
    assert feed.found(minimum_age=100) == []
    assert feed.get("/services", minimum_age="eight").status_code == 400
