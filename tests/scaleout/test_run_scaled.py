"""`signpost run --servers N` (what `make run-scaled` calls), short of starting servers."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.cli import main
from bot.db import POSTGRES_ADMIN_URL, create_database_if_missing


def test_several_servers_on_a_sqlite_file_stop_before_starting_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'signpost.db'}")
    assert main(["run", "--servers", "2"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err
    assert not (tmp_path / "signpost.db").exists(), "nothing was set up"


def test_the_scaled_database_is_created_on_first_use() -> None:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"signpost_created_{uuid.uuid4().hex[:8]}"
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        create_database_if_missing(url)
        create_database_if_missing(url)  # the second run finds it
        with create_engine(url).connect() as connection:
            assert connection.execute(text("SELECT current_database()")).scalar() == name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
