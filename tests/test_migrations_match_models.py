"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL:
a column added to a model without a migration fails here, not in a school's database."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import bot.console.models  # noqa: F401  (every table on the one metadata)
import bot.directory.models  # noqa: F401
import bot.safeguarding.models  # noqa: F401
from bot.db import upgrade
from bot.models import Base


def _differences(url: str) -> list:
    upgrade(url)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def test_sqlite_migrations_match_the_models(tmp_path) -> None:
    assert _differences(f"sqlite:///{tmp_path / 'signpost.db'}") == []


@pytest.mark.postgres
def test_postgresql_migrations_match_the_models(empty_postgres_url: str) -> None:
    assert _differences(empty_postgres_url) == []
