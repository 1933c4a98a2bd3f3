"""Settings read from the environment, with defaults that run everything on one laptop."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
VAR_DIR = PROJECT_ROOT / "var"
# Build output: the Rasa model and the safeguarding classifier (`make model`).
MODELS_DIR = PROJECT_ROOT / "models"

POSTCODES_IO_DEFAULT = "https://api.postcodes.io"


def stored_secret(name: str, var_dir: Path = VAR_DIR) -> str:
    """A random secret made once and kept in var/NAME (owner-only), so that every process
    started on this machine (Rasa, console, workers) shares it."""
    path = var_dir / name
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))  # hex: never starts with "-"
        path.chmod(0o600)
    return path.read_text().strip()


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
        )
