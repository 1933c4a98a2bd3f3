"""Alembic environment: runs the project's migrations against DATABASE_URL."""

from alembic import context
from sqlalchemy import create_engine

import bot.console.models  # noqa: F401  (and the staff console tables, casework among them)
import bot.directory.models  # noqa: F401  (registers the directory tables on Base.metadata)
import bot.safeguarding.models  # noqa: F401  (and the escalation tables)
from bot.models import Base

target_metadata = Base.metadata


def _ours(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    # Rasa's tracker store keeps its own `events` table in the same database: not ours.
    return not (type_ == "table" and reflected and compare_to is None)


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
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=_ours,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
