"""Settings are read from the environment in one place, bot/config.py, once per use."""

from __future__ import annotations

import ast

import pytest

from bot.config import PROJECT_ROOT, VAR_DIR, Settings, environment


def _reads_environment(tree: ast.AST) -> list[int]:
    """Lines that touch os.environ or os.getenv."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
        and node.attr in {"environ", "getenv", "environb", "putenv"}
    ]


def test_no_part_of_the_assistant_reads_the_environment_but_config() -> None:
    found = {}
    for folder in ("bot", "actions"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            if path == PROJECT_ROOT / "bot" / "config.py":
                continue
            lines = _reads_environment(ast.parse(path.read_text(), str(path)))
            if lines:
                found[str(path.relative_to(PROJECT_ROOT))] = lines
    assert found == {}


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "SIGNPOST_WIDGET_ORIGINS": "https://a.example, https://b.example,",
        "SIGNPOST_TRUSTED_PROXIES": "10.0.0.1",
        "SIGNPOST_SECURE_COOKIES": "false",
        "SIGNPOST_STALE_DAYS": "90",
        "ACTION_SERVER_TOKEN": "t0ken",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ESCALATION_SPOOL_DIR", raising=False)
    settings = Settings.from_env()
    assert settings.widget_origins == ("https://a.example", "https://b.example")
    assert settings.trusted_proxies == "10.0.0.1"
    assert settings.secure_cookies is False and settings.stale_days == 90
    assert settings.action_server_token == "t0ken"
    assert settings.escalation_spool_dir == VAR_DIR / "escalation-spool"


def test_unset_settings_keep_their_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SIGNPOST_SECURE_COOKIES", "SIGNPOST_STALE_DAYS", "SANIC_HOST", "RASA_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env()
    assert settings.secure_cookies is True and settings.stale_days is None
    assert settings.action_server_host == "127.0.0.1" and settings.rasa_url is None


def test_a_started_process_gets_this_environment_with_overrides(monkeypatch) -> None:
    monkeypatch.setenv("SIGNPOST_SOMETHING", "kept")
    env = environment(TF_CPP_MIN_LOG_LEVEL="2")
    assert env["SIGNPOST_SOMETHING"] == "kept" and env["TF_CPP_MIN_LOG_LEVEL"] == "2"
