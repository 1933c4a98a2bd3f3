"""PostgreSQL down and back: a disclosure made while the database is unreachable still gets
the crisis card, its escalation waits in the spool, and it reaches the database once the
database is back. The stack reaches the machine's real PostgreSQL through a link the test
cuts (tests/tcp_link.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.config import DATA_DIR
from bot.console.seed import seed_schools
from bot.db import make_engine, make_session_factory, session_scope
from bot.directory.seed import migrate_and_seed
from bot.stack import MODEL_PATH, Stack
from tests.conftest import new_postgres_database
from tests.stack.conftest import Chat, customs
from tests.tcp_link import TcpLink

pytestmark = pytest.mark.servers

SCHOOL = {"school": "palfrey-park-primary", "audience": "pupil"}


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, TcpLink, str]]:
    if not MODEL_PATH.exists():
        pytest.fail("no trained model: run `make test`, which trains it first")
    with new_postgres_database() as direct:
        migrate_and_seed(direct, DATA_DIR)
        with session_scope(make_session_factory(make_engine(direct))) as session:
            seed_schools(session, DATA_DIR)
        url = make_url(direct)
        link = TcpLink(url.port or 5432, url.host or "127.0.0.1")
        through_link = url.set(port=link.port).render_as_string(hide_password=False)
        run_dir = tmp_path_factory.mktemp("database-down")
        stack = Stack.on_free_ports(
            through_link, run_dir, {"POSTCODES_IO_URL": "http://127.0.0.1:9"}
        )
        try:
            with stack:
                yield stack, link, direct
        finally:
            link.cut()


def escalated(direct_url: str, conversation: str) -> int:
    engine = make_engine(direct_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT count(*) FROM escalation WHERE conversation_id = :c"),
                {"c": conversation},
            ).scalar_one()
    finally:
        engine.dispose()


def test_a_disclosure_while_the_database_is_down_is_answered_and_kept(linked) -> None:
    stack, link, direct = linked
    assert customs(Chat(stack, SCHOOL).say("where can I get help with debt"), "services")

    link.cut()
    during = Chat(stack, SCHOOL)
    started = time.monotonic()
    reply = during.say("my mum's boyfriend hits me and locks me in my room")
    assert time.monotonic() - started < 15
    assert customs(reply, "crisis_card"), "the crisis card, database or not"
    spool = stack.run_dir / "escalation-spool"
    assert len(list(spool.glob("*.json"))) == 1, "kept until the database is back"
    assert escalated(direct, during.sender) == 0

    link.restore()
    after = Chat(stack, SCHOOL)
    assert customs(after.say("my dad hurts me when he's drunk"), "handoff")
    assert escalated(direct, after.sender) == 1
    assert escalated(direct, during.sender) == 1, "the spooled escalation reached the database"
    assert not list(spool.glob("*.json"))
