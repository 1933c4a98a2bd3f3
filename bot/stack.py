"""The running assistant: a Rasa server and an action server, on loopback, started together.

`signpost run` uses this, and so do the integration tests, so what is tested is what runs.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import requests
import yaml
from sqlalchemy.engine import make_url

from bot.config import DATA_DIR, PROJECT_ROOT, VAR_DIR, stored_secret
from bot.schools import load_schools

MODEL_PATH = PROJECT_ROOT / "models" / "signpost.tar.gz"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def api_token(var_dir: Path = VAR_DIR) -> str:
    """RASA_TOKEN, else a random token kept in var/ so the console can read it too."""
    return os.environ.get("RASA_TOKEN") or stored_secret("rasa-token", var_dir)


def tracker_store_config(database_url: str) -> dict[str, Any]:
    """Rasa's SQLTrackerStore settings for the project's one database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return {"type": "SQL", "dialect": "sqlite", "db": url.database}
    config: dict[str, Any] = {
        "type": "SQL",
        "dialect": url.drivername,
        "url": url.host or "127.0.0.1",
        "db": url.database,
    }
    if url.port:
        config["port"] = url.port
    if url.username:
        config["username"] = url.username
    if url.password:
        config["password"] = url.password
    return config


# Rasa's RedisLockStore with atomic updates (bot/scaleout/lock_store.py says why).
REDIS_LOCK_STORE = "bot.scaleout.lock_store.AtomicRedisLockStore"


def lock_store_config(redis_url: str | None) -> dict[str, Any] | None:
    """A Redis lock store when REDIS_URL is set, so that several Rasa servers take turns on
    a conversation; None keeps Rasa's in-memory lock store, which is right for one server."""
    if not redis_url:
        return None
    url = urlsplit(redis_url)
    config: dict[str, Any] = {
        "type": REDIS_LOCK_STORE,
        "url": url.hostname or "127.0.0.1",
        "port": url.port or 6379,
        "db": int(url.path.strip("/") or 1),
        "key_prefix": "signpost",
    }
    if url.username:
        config["username"] = unquote(url.username)
    if url.password:
        config["password"] = unquote(url.password)
    if url.scheme == "rediss":
        config["use_ssl"] = True
    return config


def event_broker_config(broker_url: str | None) -> dict[str, Any] | None:
    """An event broker for analytics or a data warehouse, off unless EVENT_BROKER_URL is set:
    amqp://user:password@host:5672/queue (RabbitMQ, Rasa's Pika broker) or
    kafka://host:9092/topic (Rasa's Kafka broker)."""
    if not broker_url:
        return None
    url = urlsplit(broker_url)
    name = url.path.strip("/")
    if url.scheme in ("amqp", "amqps"):
        config: dict[str, Any] = {
            "type": "pika",
            "url": url.hostname or "127.0.0.1",
            "port": url.port or 5672,
            "username": unquote(url.username or "guest"),
            "password": unquote(url.password or "guest"),
            "queues": [name or "rasa_production_events"],
        }
        if url.scheme == "amqps":
            config["ssl"] = True
        return config
    if url.scheme == "kafka":
        return {
            "type": "kafka",
            "url": f"{url.hostname or '127.0.0.1'}:{url.port or 9092}",
            "topic": name or "rasa_core_events",
            "security_protocol": "PLAINTEXT",
        }
    raise ValueError(f"EVENT_BROKER_URL must start amqp://, amqps:// or kafka://, not {url.scheme}")


def write_endpoints(
    path: Path,
    database_url: str,
    action_port: int,
    *,
    redis_url: str | None = None,
    event_broker_url: str | None = None,
) -> Path:
    """Rasa's endpoints for this deployment: endpoints.yml with the tracker store on the
    project's database, the action server (or the load balancer in front of several), and,
    when configured, the Redis lock store and an event broker."""
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"] = {"url": f"http://127.0.0.1:{action_port}/webhook"}
    endpoints["tracker_store"] = tracker_store_config(database_url)
    for key, config in (
        ("lock_store", lock_store_config(redis_url)),
        ("event_broker", event_broker_config(event_broker_url)),
    ):
        if config:
            endpoints[key] = config
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return path


def own_spool(run_dir: Path, extra_env: dict[str, str] | None) -> dict[str, str]:
    """A test's or a benchmark's stack keeps its own escalation spool: an escalation it could
    not write must not reach another database."""
    return {"ESCALATION_SPOOL_DIR": str(run_dir / "escalation-spool"), **(extra_env or {})}


def rasa_ready(rasa_url: str, token: str) -> bool:
    """The Rasa server answers and has loaded its model."""
    try:
        status = requests.get(f"{rasa_url}/status", params={"token": token}, timeout=2)
    except requests.RequestException:
        return False
    return status.ok and bool(status.json().get("model_file"))


@dataclass
class Stack:
    database_url: str
    rasa_port: int
    action_port: int
    web_port: int
    token: str
    run_dir: Path
    model_path: Path = MODEL_PATH
    extra_env: dict[str, str] = field(default_factory=dict)
    # Redis for Rasa's lock store and socket.io's message queue: needed by several servers.
    redis_url: str | None = None
    event_broker_url: str | None = None
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @classmethod
    def on_free_ports(
        cls, database_url: str, run_dir: Path, extra_env: dict[str, str] | None = None
    ) -> Stack:
        """A stack of its own for a test or a benchmark: free ports, a fresh token."""
        return cls(
            database_url=database_url,
            rasa_port=free_port(),
            action_port=free_port(),
            web_port=free_port(),
            token=secrets.token_hex(16),
            run_dir=run_dir,
            extra_env=own_spool(run_dir, extra_env),
        )

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": self.database_url,
                "SANIC_HOST": "127.0.0.1",  # the action server listens on loopback only
                "RASA_TELEMETRY_ENABLED": "false",
                "TF_CPP_MIN_LOG_LEVEL": "2",
                "PYTHONPATH": str(PROJECT_ROOT),
                # the console reaches this stack's Rasa server with its token
                "RASA_URL": self.rasa_url,
                "RASA_TOKEN": self.token,
                # where browsers reach Rasa, and which pages may (socket.io and REST)
                "RASA_PUBLIC_URL": f"http://localhost:{self.rasa_port}",
                "SIGNPOST_WIDGET_ORIGINS": ",".join(self.widget_origins()),
            }
        )
        env.pop("REDIS_URL", None)
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        env.update(self.extra_env)
        return env

    def _spawn(self, name: str, command: list[str]) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        log = (self.run_dir / f"{name}.log").open("ab")
        self.processes.append(
            subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=self._env(), stdout=log, stderr=subprocess.STDOUT
            )
        )

    def widget_origins(self) -> list[str]:
        """Pages allowed to carry the widget: every school's, and this stack's demo pages."""
        origins = {o for school in load_schools(DATA_DIR).values() for o in school.widget_origins}
        origins |= {f"http://localhost:{self.web_port}", f"http://127.0.0.1:{self.web_port}"}
        return sorted(origins)

    def _write_endpoints(self) -> Path:
        return write_endpoints(
            self.run_dir / "endpoints.yml",
            self.database_url,
            self.action_port,
            redis_url=self.redis_url,
            event_broker_url=self.event_broker_url,
        )

    def _action_server(self, port: int) -> list[str]:
        return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]

    def _rasa_server(self, port: int, endpoints: Path) -> list[str]:
        return [
            sys.executable, "-m", "rasa", "run",
            # "=": a token may begin with "-", which argparse would take for an option
            "--enable-api", f"--auth-token={self.token}",
            "--interface", "127.0.0.1", "--port", str(port),
            "--model", str(self.model_path),
            "--endpoints", str(endpoints),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"),
            "--cors", *self.widget_origins(),
        ]  # fmt: skip

    def _console(self) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", "bot.console.wsgi:app",
            "--bind", f"127.0.0.1:{self.web_port}",
            "--workers", "2", "--threads", "4",
        ]  # fmt: skip

    def start(self) -> None:
        endpoints = self._write_endpoints()
        self._spawn("actions", self._action_server(self.action_port))
        self._spawn("rasa", self._rasa_server(self.rasa_port, endpoints))
        self._spawn("web", self._console())

    def ready(self) -> bool:
        try:
            actions = requests.get(f"{self.action_url}/health", timeout=2)
            web = requests.get(f"{self.web_url}/console/login", timeout=2)
        except requests.RequestException:
            return False
        return actions.ok and web.ok and rasa_ready(self.rasa_url, self.token)

    def wait_ready(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"a server exited with code {process.returncode}; see {self.run_dir}"
                    )
            if self.ready():
                return
            time.sleep(0.5)
        raise TimeoutError(f"servers not ready after {timeout:.0f}s; see logs in {self.run_dir}")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def __enter__(self) -> Stack:
        self.start()
        try:
            self.wait_ready()
        except Exception:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
