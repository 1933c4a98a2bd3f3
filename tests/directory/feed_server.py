"""A real HTTP server on loopback that serves records the way an Open Referral UK API does
(`/`, paged `/services`, `/services/{id}`), and can be told to break."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from tests.loopback import LoopbackJsonServer

FIXTURES = Path(__file__).parent / "fixtures"


def spec_example(folder: str, name: str) -> dict[str, Any]:
    """One of the Open Referral specification's example services (all three describe the
    same service, "ac148810-…", at different revisions of the standard)."""
    return json.loads((FIXTURES / folder / name).read_text())


def spec_examples() -> list[dict[str, Any]]:
    """The example that is HSDS 3.0.0 (the full ones are of later revisions, see below)."""
    return [spec_example("hsds_examples", "service_simple.json")]


def council_records() -> list[dict[str, Any]]:
    return json.loads((FIXTURES / "council_feed" / "services.json").read_text())


def broken_records() -> list[dict[str, Any]]:
    return json.loads((FIXTURES / "council_feed" / "broken.json").read_text())


class FeedServer(LoopbackJsonServer):
    def __init__(self, records: list[dict[str, Any]], version: str = "3.0") -> None:
        super().__init__()
        self.records = records
        self.version = version
        self.fail_page: int | None = None  # answer 500 for this listing page

    def route(self, path: str) -> tuple[int, Any]:
        url = urlparse(path)
        query = parse_qs(url.query)
        if url.path == "/":
            return 200, {"version": self.version}
        if url.path == "/services":
            page = int(query.get("page", ["1"])[0])
            if page == self.fail_page:
                return 500, {"error": "database on fire"}
            return 200, self.page(page, int(query.get("per_page", ["50"])[0]))
        if url.path.startswith("/services/"):
            wanted = unquote(url.path.removeprefix("/services/"))
            found = [r for r in self.records if str(r.get("id")) == wanted]
            if found:
                return 200, found[0]
        return 404, {"error": "none"}

    def page(self, number: int, per_page: int) -> dict[str, Any]:
        total_pages = max(1, math.ceil(len(self.records) / per_page))
        chunk = self.records[(number - 1) * per_page : number * per_page]
        return {
            "total_items": len(self.records),
            "total_pages": total_pages,
            "page_number": number,
            "size": len(chunk),
            "first_page": number == 1,
            "last_page": number >= total_pages,
            "empty": not chunk,
            # A listing carries the one-to-one fields only, as the standard's does.
            "contents": [{"id": r.get("id"), "name": r.get("name")} for r in chunk],
        }
