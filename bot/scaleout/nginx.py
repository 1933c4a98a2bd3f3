"""The load balancer: nginx (Debian's package) with a configuration this project writes.

One public port for the chat (Rasa's REST and socket.io channels and its HTTP API) spread
over the Rasa servers, and one port on which those servers reach the action servers.
"""

from __future__ import annotations

import os
import pwd
from pathlib import Path

from bot.channels.intake import MAX_BODY_BYTES

NGINX = Path("/usr/sbin/nginx")


def _servers(ports: list[int]) -> str:
    return "\n".join(f"        server 127.0.0.1:{port};" for port in ports)


def nginx_config(
    *, public_port: int, action_port: int, rasa_ports: list[int], action_ports: list[int],
    run_dir: Path,
) -> str:  # fmt: skip
    """nginx.conf for loopback. REST turns go to the least busy Rasa server: a conversation's
    turns may land on different servers, which is what the Redis lock store and the shared
    tracker store are for. socket.io stays on one server per client address, because its
    polling transport keeps the session in the server that opened it."""
    temp = run_dir / "nginx-temp"
    # As root, nginx would hand its workers to a user that may not exist here; run them as
    # whoever starts it.
    user = f"user {pwd.getpwuid(os.getuid()).pw_name};" if os.getuid() == 0 else ""
    return f"""\
{user}
worker_processes 1;
pid {run_dir / "nginx.pid"};
error_log {run_dir / "nginx-error.log"} warn;
daemon off;

events {{
    worker_connections 1024;
}}

http {{
    # No access log: request lines carry conversation ids, and logs hold nothing that could
    # identify a child's conversation.
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    client_max_body_size 1m;

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" "";
    }}

    upstream rasa {{
        least_conn;
{_servers(rasa_ports)}
        keepalive 64;
    }}

    upstream rasa_socketio {{
        ip_hash;
{_servers(rasa_ports)}
    }}

    upstream actions {{
        least_conn;
{_servers(action_ports)}
        keepalive 64;
    }}

    server {{
        listen 127.0.0.1:{public_port};
        # Bigger bodies are refused (413) before they reach a Rasa server, as Rasa does.
        client_max_body_size {MAX_BODY_BYTES // 1024}k;

        location /socket.io/ {{
            proxy_pass http://rasa_socketio;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 1h;
        }}

        location / {{
            proxy_pass http://rasa;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            # The Rasa servers trust nginx for the client's address (per-address limits).
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 120s;
            # A server that refuses the connection is skipped. A turn (a POST) that reached
            # one is never sent to another: nginx retries non-idempotent requests only when
            # told to, and a turn handled twice would be answered twice.
            proxy_next_upstream error;
            # Which server answered: the load test checks that turns were spread.
            add_header X-Served-By $upstream_addr always;
        }}
    }}

    server {{
        listen 127.0.0.1:{action_port};

        location / {{
            proxy_pass http://actions;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_read_timeout 60s;
            # Rasa sends the whole tracker and domain with every action call (tens of KB).
            # Buffering them (to temp files past 16 KB) added ~30 ms to a turn here; streamed
            # straight through, a turn behind nginx costs what it costs without it.
            proxy_request_buffering off;
            proxy_buffering off;
        }}
    }}
}}
"""


def nginx_command(config: Path) -> list[str]:
    """nginx in the foreground, its files beside the configuration."""
    return [str(NGINX), "-c", str(config), "-p", str(config.parent), "-e", "stderr"]
