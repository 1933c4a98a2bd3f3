"""Several Rasa servers and action servers behind nginx, on loopback: `signpost run --scaled`,
the scaled test and the load benchmark all start it this way.

Rasa's own parts do the sharing: the servers keep conversations in the PostgreSQL tracker
store and take turns on a conversation through the Redis lock store; socket.io messages go
through Redis too. Action servers and the console keep no state.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy.engine import make_url

from bot.scaleout.nginx import nginx_command, nginx_config
from bot.stack import BLAS_THREADS, RASA_SERVER_ENV, Stack, free_ports, own_spool, rasa_ready

# The machine's own Redis; database 1, as Rasa's lock store uses by default.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"


@dataclass
class ScaledStack(Stack):
    """rasa_port is nginx's public port and action_port nginx's port for the action servers;
    the servers behind it listen on rasa_ports and action_ports."""

    rasa_ports: list[int] = field(default_factory=list)
    action_ports: list[int] = field(default_factory=list)

    @classmethod
    def on_loopback(
        cls,
        database_url: str,
        redis_url: str,
        run_dir: Path,
        *,
        rasa_servers: int = 2,
        action_servers: int = 2,
        ports: tuple[int, int, int] | None = None,
        token: str | None = None,
        event_broker_url: str | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> ScaledStack:
        """ports: (public, actions, console) for nginx and the console; free ones if None."""
        if make_url(database_url).get_backend_name() == "sqlite":
            # A SQLite file is one machine's, and it takes one writer at a time.
            raise ValueError("several Rasa servers need a PostgreSQL DATABASE_URL")
        # Every port of the cluster chosen at once, so that no two servers are given the same.
        chosen = free_ports(3 + rasa_servers + action_servers)
        public, actions, web = ports or (chosen[0], chosen[1], chosen[2])
        return cls(
            database_url=database_url,
            rasa_port=public,
            action_port=actions,
            web_port=web,
            token=token or secrets.token_hex(16),
            run_dir=run_dir,
            extra_env=own_spool(run_dir, extra_env) if ports is None else dict(extra_env or {}),
            redis_url=redis_url,
            event_broker_url=event_broker_url,
            rasa_ports=chosen[3 : 3 + rasa_servers],
            action_ports=chosen[3 + rasa_servers :],
        )

    def server_url(self, index: int) -> str:
        """One Rasa server behind the load balancer, for checks that bypass nginx."""
        return f"http://127.0.0.1:{self.rasa_ports[index]}"

    def _behind_nginx(self) -> dict[str, str]:
        """A Rasa server's settings behind nginx: it believes nginx (on loopback) about the
        client's address, besides the proxies the deployment names."""
        proxies = [self._env().get("SIGNPOST_TRUSTED_PROXIES", ""), "127.0.0.1"]
        return {**RASA_SERVER_ENV, "SIGNPOST_TRUSTED_PROXIES": ",".join(p for p in proxies if p)}

    def start(self) -> None:
        endpoints = self._write_endpoints()  # actions through nginx, locks in Redis
        for number, port in enumerate(self.action_ports, start=1):
            self._spawn(f"actions-{number}", self._action_server(port), BLAS_THREADS)
        for number, port in enumerate(self.rasa_ports, start=1):
            self._spawn(f"rasa-{number}", self._rasa_server(port, endpoints), self._behind_nginx())
            # A sender beside each server: they share the outbox, and each alert goes once.
            self._spawn(f"alerts-{number}", self._alert_sender(), self._alert_env())
        self._spawn("web", self._console())
        config = self.run_dir / "nginx" / "nginx.conf"
        (config.parent / "nginx-temp").mkdir(parents=True, exist_ok=True)
        config.write_text(
            nginx_config(
                public_port=self.rasa_port,
                action_port=self.action_port,
                rasa_ports=self.rasa_ports,
                action_ports=self.action_ports,
                run_dir=config.parent,
            )
        )
        self._spawn("nginx", nginx_command(config))

    def ready(self) -> bool:
        try:
            actions = [
                requests.get(f"http://127.0.0.1:{port}/health", timeout=2)
                for port in [*self.action_ports, self.action_port]
            ]
            web = requests.get(f"{self.web_url}/console/login", timeout=2)
        except requests.RequestException:
            return False
        servers = [self.server_url(i) for i in range(len(self.rasa_ports))]
        return (
            all(a.ok for a in actions)
            and web.ok
            and all(rasa_ready(url, self.token) for url in [*servers, self.rasa_url])
        )
