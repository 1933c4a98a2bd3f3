"""One database for the directory (and later escalations): engine, sessions and migrations."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.config import POSTGRES_ADMIN_URL

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


def create_database_if_missing(url: str) -> None:
    """PostgreSQL: create the named database on first use, as a SQLite file is created on
    first use (`make run-scaled` points at a database that may not exist yet)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    name = parsed.database
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if found is None:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


@contextmanager
def scratch_postgres_database(prefix: str = "signpost_scratch") -> Iterator[str]:
    """A fresh, empty database on the PostgreSQL server, dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
