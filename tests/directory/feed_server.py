"""A real HTTP server on loopback that serves records the way an Open Referral UK API does
(`/`, paged `/services`, `/services/{id}`), and can be told to break."""

from __future__ import annotations

import json
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

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


class FeedServer:
    def __init__(self, records: list[dict[str, Any]], version: str = "3.0") -> None:
        self.records = records
        self.version = version
        self.fail_page: int | None = None  # answer 500 for this listing page
        self.requests: list[str] = []
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                feed.requests.append(self.path)
                url = urlparse(self.path)
                query = parse_qs(url.query)
                if url.path == "/":
                    self._send(200, {"version": feed.version})
                elif url.path == "/services":
                    page = int(query.get("page", ["1"])[0])
                    if page == feed.fail_page:
                        self._send(500, {"error": "database on fire"})
                        return
                    self._send(200, feed.page(page, int(query.get("per_page", ["50"])[0])))
                elif url.path.startswith("/services/"):
                    wanted = unquote(url.path.removeprefix("/services/"))
                    found = [r for r in feed.records if str(r.get("id")) == wanted]
                    self._send(200, found[0]) if found else self._send(404, {"error": "none"})
                else:
                    self._send(404, {"error": "none"})

            def _send(self, status: int, body: Any) -> None:
                encoded = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(encoded)))
                self.end_headers()
                self.wfile.write(encoded)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

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

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
