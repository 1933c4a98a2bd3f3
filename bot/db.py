"""One database for the directory (and later escalations): engine, sessions and migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def ensure_sqlite_folder(url: str) -> None:
    """SQLite creates the file but not its folder (var/ in a fresh clone)."""
    path = make_url(url).database if url.startswith("sqlite") else None
    if path and not path.startswith("file:") and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str, savepoints: bool = False) -> Engine:
    """`savepoints=True` for a writer that nests SAVEPOINTs in a transaction (the directory
    import). On SQLite that needs SQLAlchemy's documented remedy: switch off the sqlite3
    module's own lazy BEGIN and emit BEGIN ourselves. Only that writer gets it: it makes
    every read a transaction, which the console's and Rasa's short sessions do not want."""
    if url.startswith("sqlite"):
        ensure_sqlite_folder(url)
        engine = create_engine(url, future=True, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            if savepoints:
                dbapi_connection.isolation_level = None
            # Foreign keys are off by default in SQLite; WAL lets the action server read while
            # a seed or import writes.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            # A read-only database keeps the journal mode it has.
            with suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        if savepoints:

            @event.listens_for(engine, "begin")
            def _begin(connection) -> None:  # type: ignore[no-untyped-def]
                connection.exec_driver_sql("BEGIN")

        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes even for timezone-aware columns; we store UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, future=True, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Percent signs in passwords would otherwise be read as interpolation by configparser.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the schema to the newest migration."""
    ensure_sqlite_folder(url)
    command.upgrade(alembic_config(url), "head")
