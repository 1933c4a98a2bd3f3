"""Migration 0006 moves staff's claim and resolve state off the escalation into `casework`,
keeping every row, on SQLite and on PostgreSQL; going back down puts it back."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from alembic import command
from sqlalchemy import text

from bot.db import alembic_config, make_engine

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)
ROWS = (
    # id, status, claimed_by, resolved_by, outcome
    ("waiting", "new", None, None, None),
    ("check-in", "review", None, None, None),
    ("held", "claimed", 1, None, None),
    ("closed", "resolved", 1, 1, "early_help"),
)


def _before(url: str) -> None:
    command.upgrade(alembic_config(url), "0005")
    with make_engine(url).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO staff_account (id, email, name, role, password_hash, failed_logins, "
                "active, created_at, session_version) VALUES "
                "(1, 'dsl@example.org', 'A DSL', 'dsl', 'x', 0, true, :now, 0)"
            ),
            {"now": NOW},
        )
        for escalation_id, status, claimed_by, resolved_by, outcome in ROWS:
            connection.execute(
                text(
                    "INSERT INTO escalation (id, conversation_id, categories, severity, message, "
                    "matched_terms, status, created_at, claimed_by, claimed_at, resolved_by, "
                    "resolved_at, outcome, confirmed_categories) "
                    "VALUES (:id, :id, '[\"neglect\"]', "
                    "'high', 'words', '[]', :status, :now, :claimed_by, :claimed_at, "
                    ":resolved_by, :resolved_at, :outcome, :confirmed)"
                ),
                {
                    "id": escalation_id,
                    "status": status,
                    "now": NOW,
                    "claimed_by": claimed_by,
                    "claimed_at": NOW if claimed_by else None,
                    "resolved_by": resolved_by,
                    "resolved_at": NOW if resolved_by else None,
                    "outcome": outcome,
                    "confirmed": '["neglect"]' if outcome else None,
                },
            )


def _check_casework_moved(url: str) -> None:
    with make_engine(url).connect() as connection:
        statuses = dict(connection.execute(text("SELECT id, status FROM escalation")).all())
        work = {
            row[0]: row[1:]
            for row in connection.execute(
                text("SELECT escalation_id, state, claimed_by, resolved_by, outcome FROM casework")
            )
        }
    # Every escalation is still there; staff's part of each is in casework.
    assert statuses == {"waiting": "new", "check-in": "review", "held": "new", "closed": "new"}
    assert work == {"held": ("claimed", 1, None, None), "closed": ("resolved", 1, 1, "early_help")}


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_casework_moves_to_its_own_table_and_back(
    database: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(f"{database}_url")
    _before(url)
    command.upgrade(alembic_config(url), "head")
    _check_casework_moved(url)

    command.downgrade(alembic_config(url), "0005")
    with make_engine(url).connect() as connection:
        back = {
            row[0]: row[1:]
            for row in connection.execute(
                text("SELECT id, status, claimed_by, resolved_by, outcome FROM escalation")
            )
        }
    assert back == {row[0]: row[1:] for row in ROWS}
