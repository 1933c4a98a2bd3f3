"""Settings read from the environment, with defaults that run everything on one laptop."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
VAR_DIR = PROJECT_ROOT / "var"
# Build output: the Rasa model and the safeguarding classifier (`make model`).
MODELS_DIR = PROJECT_ROOT / "models"

POSTCODES_IO_DEFAULT = "https://api.postcodes.io"

# The machine's PostgreSQL (trust auth), where tests and benchmarks make databases of their own.
POSTGRES_ADMIN_URL = os.environ.get(
    "POSTGRES_TEST_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
)


def read_yaml(path: Path) -> Any:
    """A data file's contents, read by libyaml: the pure-Python reader took ten seconds for
    the 4.6 MB of training examples, libyaml under one (the same contents, checked file by
    file on every data file of the project)."""
    return yaml.load(path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def environment(**overrides: str) -> dict[str, str]:
    """This process's environment with `overrides`: what a server or tool it starts gets."""
    return {**os.environ, **overrides}


def stored_secret(name: str, var_dir: Path = VAR_DIR) -> str:
    """A random secret made once and kept in var/NAME (owner-only), so that every process
    started on this machine (Rasa, console, workers) shares it."""
    path = var_dir / name
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))  # hex: never starts with "-"
        path.chmod(0o600)
    return path.read_text().strip()


def api_token(var_dir: Path = VAR_DIR) -> str:
    """RASA_TOKEN, else a random token kept in var/ so the web server can read it too."""
    return Settings.from_env().rasa_token or stored_secret("rasa-token", var_dir)


def default_database_url() -> str:
    return f"sqlite:///{VAR_DIR / 'signpost.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    postcodes_io_url: str
    postcodes_io_timeout: float
    rasa_port: int
    action_port: int
    web_port: int
    data_dir: Path
    # Several Rasa servers share Redis (lock store, socket.io messages); one server needs none.
    redis_url: str | None = None
    # Rasa's event broker (RabbitMQ or Kafka) for analytics; off unless set.
    event_broker_url: str | None = None
    # The Rasa server's HTTP API token (else a secret kept in var/, see bot/stack.py), and
    # where the console reaches that API.
    rasa_token: str = ""
    rasa_url: str | None = None
    # Where browsers reach the Rasa server, and the pages that may open its socket.
    rasa_public_url: str | None = None
    widget_origins: tuple[str, ...] = ()
    # The token the Rasa servers send the action server, and the address it listens on.
    action_server_token: str = ""
    action_server_host: str = "127.0.0.1"
    # Messages a minute "PER_MINUTE/BURST", per conversation and per client address (None:
    # the defaults in bot/channels/rate_limit.py).
    conversation_rate: str | None = None
    address_rate: str | None = None
    # Proxies whose X-Forwarded-For is believed (comma-separated addresses or networks).
    trusted_proxies: str = ""
    # Escalations that cannot be written yet wait here.
    escalation_spool_dir: Path = VAR_DIR / "escalation-spool"
    # The training examples' sentence vectors, kept between trainings (never what people
    # write to the assistant).
    cache_dir: Path = VAR_DIR / "cache"
    # The console: its session secret (else one kept in var/), cookies for HTTPS only, and
    # the directory page's "not checked for" days.
    console_secret_key: str | None = None
    secure_cookies: bool = True
    stale_days: int | None = None
    # Alerts to each school's safeguarding team (bot/alerts): the mail server
    # (smtp://host:port, smtps://user:password@host), the sender's address, the console's
    # address for the link, and an optional signed webhook (Teams, Slack, an SMS gateway).
    smtp_url: str | None = None
    alert_from: str = "School Signpost <signpost@localhost>"
    console_url: str | None = None
    alert_webhook_url: str | None = None
    alert_webhook_secret: str = ""
    # The ladder's waits before an unclaimed escalation is alerted wider, like
    # "high=300,medium=1800,review=working-day" (seconds; bot/alerts/ladder.py has defaults).
    alert_ladder: str = ""
    # How often the sender looks for alerts, and the first wait before a failed one is tried
    # again (doubling each time, up to ten minutes).
    alert_poll_s: float = 2.0
    alert_retry_s: float = 10.0

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("DATABASE_URL") or default_database_url(),
            postcodes_io_url=os.environ.get("POSTCODES_IO_URL", POSTCODES_IO_DEFAULT).rstrip("/"),
            # Short on purpose: a parent waits for this on every new postcode.
            postcodes_io_timeout=float(os.environ.get("POSTCODES_IO_TIMEOUT", "2.0")),
            rasa_port=int(os.environ.get("RASA_PORT", "5005")),
            action_port=int(os.environ.get("ACTION_PORT", "5055")),
            web_port=int(os.environ.get("WEB_PORT", "8080")),
            data_dir=Path(os.environ.get("SIGNPOST_DATA_DIR", DATA_DIR)),
            redis_url=os.environ.get("REDIS_URL") or None,
            event_broker_url=os.environ.get("EVENT_BROKER_URL") or None,
            rasa_token=os.environ.get("RASA_TOKEN", ""),
            rasa_url=os.environ.get("RASA_URL") or None,
            rasa_public_url=os.environ.get("RASA_PUBLIC_URL") or None,
            widget_origins=_listed(os.environ.get("SIGNPOST_WIDGET_ORIGINS", "")),
            action_server_token=os.environ.get("ACTION_SERVER_TOKEN", ""),
            action_server_host=os.environ.get("SANIC_HOST", "127.0.0.1"),
            conversation_rate=os.environ.get("SIGNPOST_CONVERSATION_RATE") or None,
            address_rate=os.environ.get("SIGNPOST_ADDRESS_RATE") or None,
            trusted_proxies=os.environ.get("SIGNPOST_TRUSTED_PROXIES", ""),
            escalation_spool_dir=Path(
                os.environ.get("ESCALATION_SPOOL_DIR", VAR_DIR / "escalation-spool")
            ),
            cache_dir=Path(os.environ.get("SIGNPOST_CACHE_DIR", VAR_DIR / "cache")),
            console_secret_key=os.environ.get("SIGNPOST_SECRET_KEY") or None,
            secure_cookies=os.environ.get("SIGNPOST_SECURE_COOKIES", "true") != "false",
            stale_days=int(os.environ["SIGNPOST_STALE_DAYS"])
            if os.environ.get("SIGNPOST_STALE_DAYS")
            else None,
            smtp_url=os.environ.get("SIGNPOST_SMTP_URL") or None,
            alert_from=os.environ.get("SIGNPOST_ALERT_FROM")
            or "School Signpost <signpost@localhost>",
            console_url=(os.environ.get("SIGNPOST_CONSOLE_URL") or "").rstrip("/") or None,
            alert_webhook_url=os.environ.get("SIGNPOST_ALERT_WEBHOOK_URL") or None,
            alert_webhook_secret=os.environ.get("SIGNPOST_ALERT_WEBHOOK_SECRET", ""),
            alert_ladder=os.environ.get("SIGNPOST_ALERT_LADDER", ""),
            alert_poll_s=float(os.environ.get("SIGNPOST_ALERT_POLL_S", "2")),
            alert_retry_s=float(os.environ.get("SIGNPOST_ALERT_RETRY_S", "10")),
        )


def _listed(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())
