"""Where records come from: an Open Referral API, a JSON file, or an HSDS CSV data package.

Every source yields pages of full service records. A page is the unit the importer
commits, so a feed that breaks on page two leaves page one in and nothing of page two.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from bot.directory.openreferral.paging import read_listing
from bot.directory.openreferral.tabular import read_data_package


class FeedError(RuntimeError):
    """The feed itself failed (not one bad record): stop, keep what earlier pages wrote."""


@dataclass
class FeedPage:
    number: int
    records: list[dict[str, Any]]
    # Records the page listed but that could not be read: (id, reason).
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    # The version the page's envelope shows (ORUK 1's Spring page), when the feed declares none.
    version: str | None = None


class Feed(Protocol):
    label: str  # what `service.feed` records: the URL or the file
    version: str | None  # the HSDS version the feed declares, if it does

    def total(self) -> int | None: ...

    def pages(self) -> Iterator[FeedPage]: ...


def open_feed(source: str, **options: Any) -> Feed:
    if source.startswith(("http://", "https://")):
        return ApiFeed(source, **options)
    path = Path(source)
    if path.is_dir() or path.name == "datapackage.json" or path.suffix == ".csv":
        return CsvPackageFeed(path)
    return JsonFileFeed(path)


def _session(retries: int, backoff: float) -> requests.Session:
    http = requests.Session()
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    http.headers.update({"Accept": "application/json", "User-Agent": "school-signpost-import"})
    return http


class ApiFeed:
    """An Open Referral API (HSDS 3, ORUK 3 or ORUK 1): GET /services?page=N, then
    /services/{id} for each full record (ORUK 1 lists only the one-to-one fields too)."""

    def __init__(
        self,
        base_url: str,
        per_page: int = 50,
        timeout: float = 15.0,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.label = base_url.rstrip("/")
        self._per_page = per_page
        self._timeout = timeout
        self._http = _session(retries, backoff)
        self._total: int | None = None
        self.version = self._declared_version()

    def _get(self, path: str, **params: Any) -> Any:
        url = f"{self.label}{path}"
        try:
            response = self._http.get(url, params=params or None, timeout=self._timeout)
        except requests.RequestException as error:
            raise FeedError(f"{url}: {type(error).__name__}") from error
        if response.status_code != 200:
            raise FeedError(f"{url}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise FeedError(f"{url}: the answer is not JSON") from error

    def _declared_version(self) -> str | None:
        """HSDS 3 APIs describe themselves at their root; ORUK 1 feeds mostly do not (no `/`,
        or a page that is not JSON): then the listing's envelope or the records tell."""
        try:
            meta = self._get("/")
        except FeedError:
            return None
        version = meta.get("version") if isinstance(meta, dict) else None
        return str(version) if version else None

    def total(self) -> int | None:
        return self._total

    def _record(self, service_id: str) -> Any:
        return self._get(f"/services/{quote(service_id, safe='')}")

    def pages(self) -> Iterator[FeedPage]:
        number = 1
        while True:
            listing = read_listing(self._get("/services", page=number, per_page=self._per_page))
            if listing is None:
                raise FeedError(f"/services page {number}: not a page of services")
            if self._total is None:
                self._total = listing.total
            page = FeedPage(number, [], version=listing.version)
            for summary in listing.items:
                service_id = summary.get("id") if isinstance(summary, dict) else None
                if service_id is None or str(service_id) == "":
                    page.unreadable.append(("?", "a listed service has no id"))
                    continue
                record = self._record(str(service_id))
                if isinstance(record, dict):
                    page.records.append(record)
                else:  # one bad answer is one bad record, not a broken feed
                    page.unreadable.append((str(service_id), "the record is not a JSON object"))
            yield page
            if listing.is_last(number):
                return
            number += 1


def _records_in(document: Any) -> list[dict[str, Any]]:
    """A JSON file may hold one service, a list of them, or a page of them (HSDS 3's or
    ORUK 1's)."""
    listing = read_listing(document)
    return list(listing.items) if listing is not None else [document]


class _RecordListFeed:
    """A feed read whole from disk, handed out in pages of `page_size` records."""

    label: str
    version: str | None = None
    _records: list[dict[str, Any]]
    _page_size = 100

    def total(self) -> int:
        return len(self._records)

    def pages(self) -> Iterator[FeedPage]:
        size = self._page_size
        for start in range(0, len(self._records), size):
            yield FeedPage(start // size + 1, self._records[start : start + size])


class JsonFileFeed(_RecordListFeed):
    def __init__(self, path: Path) -> None:
        self.label = str(path.resolve())
        try:
            # Saved responses often start with a byte-order mark (Outpost's, as saved, do).
            self._records = _records_in(json.loads(path.read_text(encoding="utf-8-sig")))
        except (OSError, ValueError) as error:
            raise FeedError(f"{path}: {error}") from error


class CsvPackageFeed(_RecordListFeed):
    """An HSDS tabular data package: datapackage.json beside one CSV file per table."""

    def __init__(self, path: Path) -> None:
        folder = path if path.is_dir() else path.parent
        self.label = str(folder.resolve())
        try:
            self._records, self.version = read_data_package(folder)
        except (OSError, ValueError, KeyError) as error:
            raise FeedError(f"{folder}: {error}") from error
