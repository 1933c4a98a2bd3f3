"""The directory served back as an Open Referral UK API by the console's web server, on a
real HTTP server on loopback: paging, filters, the HSDS schema, and a full round trip."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.serving import make_server

from bot.config import DATA_DIR
from bot.directory.openreferral.feeds import ApiFeed, JsonFileFeed
from bot.directory.openreferral.importer import Importer
from bot.directory.openreferral.schema import schema_folder, schema_problems
from bot.directory.openreferral.topic_map import TopicMap
from bot.web.app import WebSettings, create_app
from tests.conftest import seeded_database
from tests.directory.feed_server import FIXTURES
from tests.directory.snapshot import snapshot
from tests.directory.test_openreferral_import import (
    CALDMORE_CLUB,
    NOW,
    empty_database,
    outcode_centroid,
)

# Keys the HSDS 3.0 schema (and, for `url`, the UK profile's list) requires, so sent even
# when we hold nothing for them.
REQUIRED_EVEN_IF_EMPTY = {"description", "state_province", "url"}


class Served:
    def __init__(self, sessions: sessionmaker[Session], url: str) -> None:
        self.sessions = sessions
        self.url = url

    def get(self, path: str, **params: Any) -> requests.Response:
        return requests.get(f"{self.url}{path}", params=params, timeout=10)


@pytest.fixture
def served(tmp_path: Path, closed_port_url: str, monkeypatch) -> Iterator[Served]:
    """The seed directory plus a council's feed, served by the console app on loopback."""
    monkeypatch.setenv("POSTCODES_IO_URL", closed_port_url)  # offline: outcode centroids
    url = f"sqlite:///{tmp_path / 'source.db'}"
    sessions = seeded_database(url)
    feed = JsonFileFeed(FIXTURES / "council_feed" / "services.json")
    assert Importer(sessions, TopicMap.from_file(DATA_DIR), outcode_centroid).run(feed, NOW).ok
    app = create_app(WebSettings(url, closed_port_url, "token", "secret-key", secure_cookies=False))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(sessions, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()


def all_ids(served: Served, **params: Any) -> list[str]:
    ids: list[str] = []
    page = 1
    while True:
        body = served.get("/services", page=page, per_page=7, **params).json()
        ids += [s["id"] for s in body["contents"]]
        if body["last_page"]:
            return ids
        page += 1


def empty_values(value: Any, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [path for k, v in value.items() for path in empty_values(v, k)]
    if isinstance(value, list):
        return [key] if not value else [p for item in value for p in empty_values(item, key)]
    if value is None or (value == "" and key not in REQUIRED_EVEN_IF_EMPTY):
        return [key]
    return []


def test_the_root_describes_the_api_to_programs_and_sends_people_to_the_demo(served) -> None:
    meta = served.get("/").json()
    assert meta["version"] == "3.0" and meta["openapi_url"].endswith("/openapi.json")
    assert served.get("/openapi.json").json()["info"]["title"]
    page = requests.get(served.url, headers={"Accept": "text/html"}, timeout=10)
    assert page.url.endswith("/demo/")


def test_services_are_paged_as_the_standard_asks_and_public(served) -> None:
    first = served.get("/services", per_page=5)
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in first.headers
    body = first.json()
    assert body["page_number"] == 1 and body["size"] == 5 and body["first_page"] is True
    assert body["total_pages"] == -(-body["total_items"] // 5) and body["last_page"] is False
    last = served.get("/services", per_page=5, page=body["total_pages"]).json()
    assert last["last_page"] is True and not last["empty"]
    beyond = served.get("/services", per_page=5, page=body["total_pages"] + 1).json()
    assert beyond["empty"] is True and beyond["contents"] == []
    assert served.get("/services", page="two").status_code == 400
    # Demo services are fictional: never shared.
    ids = all_ids(served)
    assert len(ids) == len(set(ids)) == body["total_items"]
    assert not [i for i in ids if i.startswith(("sandwell-", "walsall-", "stoke-"))]
    assert served.get("/services/sandwell-tipton-family-hub").status_code == 404
    assert served.get("/services/no-such-service").status_code == 404


def test_filters_text_taxonomy_term_and_postcode_proximity(served) -> None:
    found = served.get("/services", text="breathe easy").json()["contents"]
    assert [s["id"] for s in found] == [CALDMORE_CLUB]
    feed_term = all_ids(served, taxonomy_term_id="t0000000-0000-4000-8000-00000000a5a1")
    assert feed_term == [CALDMORE_CLUB]
    topic = all_ids(served, taxonomy_term_id="topic-asthma")
    assert CALDMORE_CLUB in topic and "asthma-lung-uk-helpline" in topic
    near = all_ids(served, postcode="WS1 1TP", proximity=3000)
    assert CALDMORE_CLUB in near and "asthma-lung-uk-helpline" not in near  # national: no place
    far = served.get("/services", postcode="ST4 3RT", proximity=3000).json()
    assert far["total_items"] == 0 and far["empty"] is True
    assert served.get("/services", postcode="not a postcode").status_code == 400


def test_every_served_service_passes_the_hsds_schema_with_empty_fields_left_out(served) -> None:
    for service_id in all_ids(served):
        record = served.get(f"/services/{service_id}").json()
        # The specification's compiled 3.0 schema, which our importer checks 3.0 feeds with.
        assert schema_problems(record, schema_folder("3.0")) == [], service_id
        assert empty_values(record) == [], service_id
    listed = served.get("/services", per_page=500).json()["contents"]
    assert all(empty_values(summary) == [] for summary in listed)


def test_importing_our_own_api_into_an_empty_database_gives_the_same_directory(
    served, tmp_path: Path
) -> None:
    copy = empty_database(f"sqlite:///{tmp_path / 'copy.db'}")
    feed = ApiFeed(served.url, per_page=9, retries=0)
    report = Importer(copy, TopicMap.from_file(DATA_DIR), outcode_centroid).run(feed, NOW)
    assert report.ok and not report.skipped, report.skipped
    assert snapshot(copy) == snapshot(served.sessions)
