"""The running assistant: a Rasa server and an action server, on loopback, started together.

`signpost run` uses this, and so do the integration tests, so what is tested is what runs.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

import requests
import yaml
from sqlalchemy.engine import make_url

from bot.channels.intake import MAX_BODY_BYTES
from bot.config import (
    DATA_DIR,
    PROJECT_ROOT,
    Settings,
    environment,
)
from bot.console.seed import seed_schools
from bot.db import make_engine, make_session_factory, session_scope
from bot.directory.seed import migrate_and_seed
from bot.schools import load_schools

MODEL_PATH = PROJECT_ROOT / "models" / "signpost.tar.gz"
logger = logging.getLogger(__name__)
# A server that stays up this long has recovered: its next crash is retried at once.
STEADY_S = 300.0
MAX_BACKOFF_S = 60.0
# Files the servers create are readable by their owner only: they hold conversations.
PRIVATE_UMASK = 0o077
# Two OpenBLAS threads in each Rasa and action server, which sleep as soon as a matrix product
# ends. With numpy's default (a thread a core, spinning between products) the Rasa server's
# second BLAS thread kept 0.7 of one of this machine's two cores busy doing nothing
# (docs/turn-profile.md). One thread freed that core for a second server but cost a lone
# message 4-6 ms (the second thread does shorten the neighbours reader's product). Two
# threads that stop spinning almost at once (the timeout's least setting, 4, against the
# default 28) keep both; two, not a thread a core, because the servers share the cores.
BLAS_THREADS = {"OPENBLAS_NUM_THREADS": "2", "OPENBLAS_THREAD_TIMEOUT": "4"}
# A Rasa server refuses bodies over this before reading them (Sanic answers 413). Only the
# Rasa servers: the action server takes whole conversations from Rasa, far bigger.
RASA_SERVER_ENV = {"SANIC_REQUEST_MAX_SIZE": str(MAX_BODY_BYTES), **BLAS_THREADS}
# For measuring on one machine (benches, profiles, evaluations through REST): there is no
# internet for postcodes.io, so fall back at once; and one address plays every family, whom
# the per-address limit would count as one.
MEASURING_ENV = {"POSTCODES_IO_URL": "http://127.0.0.1:9", "SIGNPOST_ADDRESS_RATE": "0"}


def private_log(path: Path) -> BinaryIO:
    """A log file that only its owner can read (logs may name conversations)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.chmod(path, 0o600)  # also one made before this rule
    return os.fdopen(descriptor, "ab")


def prepared_database(url: str) -> None:
    """A database as `make db` leaves it: migrated, the directory seeded, the schools in."""
    migrate_and_seed(url, DATA_DIR)
    with session_scope(make_session_factory(make_engine(url))) as session:
        seed_schools(session, DATA_DIR)


@contextmanager
def stack_on_fresh_sqlite(env: dict[str, str] = MEASURING_ENV) -> Iterator[Stack]:
    """The whole assistant on free loopback ports over a SQLite file prepared as `make db`
    leaves it, in a scratch folder removed afterwards: what the evaluations and benchmarks
    send their messages to, so that no run sees another's conversations."""
    with tempfile.TemporaryDirectory() as work:
        url = f"sqlite:///{Path(work) / 'signpost.db'}"
        prepared_database(url)
        with Stack.on_free_ports(url, Path(work) / "logs", env) as stack:
            yield stack


def free_ports(count: int) -> list[int]:
    """`count` different free ports: every probe stays bound until all are chosen, so the
    system never hands the same port out twice (one stack's servers once shared one)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def free_port() -> int:
    return free_ports(1)[0]


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
    action_token: str | None = None,
    redis_url: str | None = None,
    event_broker_url: str | None = None,
) -> Path:
    """Rasa's endpoints for this deployment: endpoints.yml with the tracker store on the
    project's database, the action server (or the load balancer in front of several), and,
    when configured, the Redis lock store and an event broker."""
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"] = {"url": f"http://127.0.0.1:{action_port}/webhook"}
    if action_token:
        endpoints["action_endpoint"]["token"] = action_token  # the action server checks it
    endpoints["tracker_store"] = tracker_store_config(database_url)
    for key, config in (
        ("lock_store", lock_store_config(redis_url)),
        ("event_broker", event_broker_config(event_broker_url)),
    ):
        if config:
            endpoints[key] = config
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)  # it holds the action server's token and the database's password
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
    # What the Rasa servers send the action server, which answers no one else.
    action_token: str = field(default_factory=lambda: secrets.token_hex(16))
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    # Each server by name, with how to start it again (see restart_exited).
    named: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _specs: dict[str, tuple[list[str], dict[str, str]]] = field(default_factory=dict)
    _next_try: dict[str, float] = field(default_factory=dict)
    _backoff: dict[str, float] = field(default_factory=dict)

    @classmethod
    def on_free_ports(
        cls, database_url: str, run_dir: Path, extra_env: dict[str, str] | None = None
    ) -> Stack:
        """A stack of its own for a test or a benchmark: free ports, a fresh token."""
        rasa_port, action_port, web_port = free_ports(3)
        return cls(
            database_url=database_url,
            rasa_port=rasa_port,
            action_port=action_port,
            web_port=web_port,
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
        env = environment(
            **{
                "DATABASE_URL": self.database_url,
                "SANIC_HOST": "127.0.0.1",  # the action server listens on loopback only
                "RASA_TELEMETRY_ENABLED": "false",
                "TF_CPP_MIN_LOG_LEVEL": "2",
                "PYTHONPATH": str(PROJECT_ROOT),
                # the console reaches this stack's Rasa server with its token
                "RASA_URL": self.rasa_url,
                "RASA_TOKEN": self.token,
                "ACTION_SERVER_TOKEN": self.action_token,
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

    def _spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self._specs[name] = (command, env or {})
        log = private_log(self.run_dir / f"{name}.log")
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env={**self._env(), **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            # What the servers write (the SQLite database, logs, the spool) is theirs alone.
            umask=PRIVATE_UMASK,
        )
        log.close()  # the server has its own copy
        previous = self.named.get(name)
        if previous in self.processes:
            self.processes.remove(previous)
        self.named[name] = process
        self.processes.append(process)

    def restart_exited(self, now: float | None = None) -> list[str]:
        """Start again each server that has stopped, waiting longer after each try (1 s,
        2 s, ... up to a minute; back to 1 s once a server stays up for five minutes), so
        one crashed server never takes the others down. Returns the names restarted."""
        now = time.monotonic() if now is None else now
        restarted = []
        for name, process in list(self.named.items()):
            if process.poll() is None:
                if now - self._next_try.get(name, now) > STEADY_S:
                    self._backoff.pop(name, None)
                continue
            if now < self._next_try.get(name, 0.0):
                continue
            wait = self._backoff.get(name, 0.5) * 2
            self._backoff[name] = min(wait, MAX_BACKOFF_S)
            self._next_try[name] = now + self._backoff[name]
            logger.error(
                "SERVER DOWN: %s exited with code %s; starting it again (next try in %.0f s "
                "if it stops again); see %s",
                name, process.returncode, self._backoff[name], self.run_dir / f"{name}.log",
            )  # fmt: skip
            self._spawn(name, *self._specs[name])
            restarted.append(name)
        return restarted

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
            action_token=self.action_token,
            redis_url=self.redis_url,
            event_broker_url=self.event_broker_url,
        )

    def _action_server(self, port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "bot.action_server",
            "--actions",
            "actions",
            "--port",
            str(port),
        ]

    def _rasa_server(self, port: int, endpoints: Path) -> list[str]:
        return [
            # `rasa run`, its token from RASA_TOKEN: never in the process list
            sys.executable, "-m", "bot.rasa_server",
            "--enable-api",
            "--interface", "127.0.0.1", "--port", str(port),
            "--model", str(self.model_path),
            "--endpoints", str(endpoints),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"),
            "--cors", *self.widget_origins(),
        ]  # fmt: skip

    def _console(self) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", "bot.web.wsgi:app",
            "--bind", f"127.0.0.1:{self.web_port}",
            "--workers", "2", "--threads", "4",
        ]  # fmt: skip

    def _alert_sender(self) -> list[str]:
        """The safeguarding team's alerts (bot/alerts); the console's address for its links."""
        return [sys.executable, "-m", "bot.cli", "alerts"]

    def _alert_env(self) -> dict[str, str]:
        console = Settings.from_env().console_url or f"http://localhost:{self.web_port}"
        return {"SIGNPOST_CONSOLE_URL": console}

    def start(self) -> None:
        endpoints = self._write_endpoints()
        self._spawn("actions", self._action_server(self.action_port), BLAS_THREADS)
        self._spawn("rasa", self._rasa_server(self.rasa_port, endpoints), RASA_SERVER_ENV)
        self._spawn("web", self._console())
        self._spawn("alerts", self._alert_sender(), self._alert_env())

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
        self.named.clear()
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
