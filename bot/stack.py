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


def write_endpoints(path: Path, database_url: str, action_port: int) -> Path:
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"] = {"url": f"http://127.0.0.1:{action_port}/webhook"}
    endpoints["tracker_store"] = tracker_store_config(database_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return path


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
            # Its own spool: an escalation it could not write must not reach another database.
            extra_env={
                "ESCALATION_SPOOL_DIR": str(run_dir / "escalation-spool"),
                **(extra_env or {}),
            },
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
        env.update(self.extra_env)
        return env

    def _spawn(self, name: str, args: list[str]) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        log = (self.run_dir / f"{name}.log").open("ab")
        self.processes.append(
            subprocess.Popen(
                [sys.executable, "-m", *args],
                cwd=PROJECT_ROOT,
                env=self._env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )

    def widget_origins(self) -> list[str]:
        """Pages allowed to carry the widget: every school's, and this stack's demo pages."""
        origins = {o for school in load_schools(DATA_DIR).values() for o in school.widget_origins}
        origins |= {f"http://localhost:{self.web_port}", f"http://127.0.0.1:{self.web_port}"}
        return sorted(origins)

    def start(self) -> None:
        endpoints = write_endpoints(
            self.run_dir / "endpoints.yml", self.database_url, self.action_port
        )
        self._spawn(
            "actions",
            ["rasa_sdk", "--actions", "actions", "--port", str(self.action_port)],
        )
        self._spawn(
            "rasa",
            [
                "rasa", "run",
                # "=": a token may begin with "-", which argparse would take for an option
                "--enable-api", f"--auth-token={self.token}",
                "--interface", "127.0.0.1", "--port", str(self.rasa_port),
                "--model", str(self.model_path),
                "--endpoints", str(endpoints),
                "--credentials", str(PROJECT_ROOT / "credentials.yml"),
                "--cors", *self.widget_origins(),
            ],
        )  # fmt: skip
        self._spawn(
            "web",
            [
                "gunicorn", "bot.console.wsgi:app",
                "--bind", f"127.0.0.1:{self.web_port}",
                "--workers", "2", "--threads", "4",
            ],
        )  # fmt: skip

    def ready(self) -> bool:
        try:
            actions = requests.get(f"{self.action_url}/health", timeout=2)
            status = requests.get(
                f"{self.rasa_url}/status", params={"token": self.token}, timeout=2
            )
            web = requests.get(f"{self.web_url}/console/login", timeout=2)
        except requests.RequestException:
            return False
        return actions.ok and status.ok and web.ok and bool(status.json().get("model_file"))

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
