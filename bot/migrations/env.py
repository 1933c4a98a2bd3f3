"""Alembic environment: runs the project's migrations against DATABASE_URL."""

from alembic import context
from sqlalchemy import create_engine

import bot.directory.models  # noqa: F401  (registers the directory tables on Base.metadata)
from bot.models import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url, future=True)
    with engine.connect() as connection:
        # render_as_batch lets ALTER TABLE work on SQLite as it does on PostgreSQL.
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
