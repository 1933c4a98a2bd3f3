"""Two Rasa servers and two action servers behind nginx, sharing the machine's PostgreSQL
(tracker store, directory, escalations) and Redis (lock store, socket.io messages), started
once for the package's tests. Redis is reached through a link the fault tests cut
(tests/tcp_link.py): down for this stack, up for everything else on the machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine, make_url

from bot.config import DATA_DIR
from bot.console.seed import seed_schools
from bot.db import make_engine, make_session_factory, session_scope
from bot.directory.seed import migrate_and_seed
from bot.scaleout.cluster import DEFAULT_REDIS_URL, ScaledStack
from bot.stack import MODEL_PATH
from tests.conftest import new_postgres_database
from tests.mailbox import Mailbox
from tests.tcp_link import TcpLink


@pytest.fixture(scope="package")
def database() -> Iterator[str]:
    with new_postgres_database() as url:
        migrate_and_seed(url, DATA_DIR)
        with session_scope(make_session_factory(make_engine(url))) as session:
            seed_schools(session, DATA_DIR)
        yield url


@pytest.fixture(scope="package")
def redis_link() -> Iterator[TcpLink]:
    redis = make_url(DEFAULT_REDIS_URL)
    link = TcpLink(redis.port or 6379, redis.host or "127.0.0.1")
    yield link
    link.cut()


@pytest.fixture(scope="package")
def mailbox() -> Iterator[Mailbox]:
    """The schools' mail server: the alert senders beside both servers send here."""
    with Mailbox() as box:
        yield box


@pytest.fixture(scope="package")
def scaled(
    database: str,
    redis_link: TcpLink,
    mailbox: Mailbox,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ScaledStack]:
    if not MODEL_PATH.exists():
        pytest.fail("no trained model: run `make test`, which trains it first")
    run_dir: Path = tmp_path_factory.mktemp("scaled")
    redis_url = f"redis://127.0.0.1:{redis_link.port}/{make_url(DEFAULT_REDIS_URL).database}"
    stack = ScaledStack.on_loopback(
        database, redis_url, run_dir,
        # postcodes.io "down"; the alerts to the loopback mail server
        extra_env={"POSTCODES_IO_URL": "http://127.0.0.1:9", "SIGNPOST_SMTP_URL": mailbox.url},
    )  # fmt: skip
    stack.start()
    try:
        stack.wait_ready(timeout=300)  # two Rasa servers load their models on two cores
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="package")
def engine(database: str) -> Iterator[Engine]:
    engine = make_engine(database)
    yield engine
    engine.dispose()
