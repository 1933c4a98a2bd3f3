"""Shared fixtures: real databases (a SQLite file, the machine's PostgreSQL) and a real
local HTTP server standing in for postcodes.io, the one remote API the directory calls."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.config import DATA_DIR
from bot.db import make_engine, make_session_factory, scratch_postgres_database
from bot.directory.seed import migrate_and_seed
from bot.safeguarding.detector import Detector
from tests.loopback import LoopbackJsonServer


@pytest.fixture(scope="session")
def detector() -> Detector:
    """The safeguarding detector as the assistant runs it (the kept classifier, `make model`)."""
    return Detector.from_data(DATA_DIR)


def seeded_database(url: str) -> sessionmaker[Session]:
    migrate_and_seed(url, DATA_DIR)
    return make_session_factory(make_engine(url))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'signpost.db'}"


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> sessionmaker[Session]:
    """The seed directory in a real SQLite file, migrated with Alembic (read-only use)."""
    path = tmp_path_factory.mktemp("directory") / "signpost.db"
    return seeded_database(f"sqlite:///{path}")


def new_postgres_database() -> AbstractContextManager[str]:
    """A fresh database on the machine's PostgreSQL server, dropped afterwards."""
    return scratch_postgres_database("signpost_test")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One PostgreSQL database shared by the session's tests that only read or add rows."""
    with new_postgres_database() as url:
        yield url


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    """A PostgreSQL database of the test's own, for tests that count what they wrote."""
    with new_postgres_database() as url:
        yield url


class FakePostcodesIo(LoopbackJsonServer):
    """Answers like api.postcodes.io's /postcodes/{pc}."""

    def __init__(self, known: dict[str, tuple[float, float]]) -> None:
        super().__init__()
        self.known = {k.replace(" ", "").upper(): v for k, v in known.items()}

    def route(self, path: str) -> tuple[int, dict]:
        postcode = path.rsplit("/", 1)[-1].replace("%20", "").upper()
        if not path.startswith("/postcodes/") or postcode not in self.known:
            return 404, {"status": 404, "error": "Postcode not found"}
        lat, lon = self.known[postcode]
        return 200, {"status": 200, "result": {"latitude": lat, "longitude": lon}}


@pytest.fixture
def postcodes_io() -> Iterator[FakePostcodesIo]:
    # Real coordinates of two West Midlands postcodes (West Bromwich and Walsall centres).
    with FakePostcodesIo({"B70 7PG": (52.5190, -1.9945), "WS1 1TP": (52.5855, -1.9822)}) as fake:
        yield fake


@pytest.fixture
def closed_port_url() -> str:
    """An address on loopback where nothing listens: an unreachable postcodes.io."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
