"""The production settings Rasa is given: Redis lock store, event broker, nginx."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from bot.scaleout.cluster import ScaledStack
from bot.scaleout.nginx import NGINX, nginx_command, nginx_config
from bot.stack import event_broker_config, lock_store_config, write_endpoints


def test_no_redis_means_rasas_in_memory_lock_store() -> None:
    assert lock_store_config(None) is None


def test_redis_url_becomes_rasas_redis_lock_store() -> None:
    assert lock_store_config("rediss://:s%40cret@cache.internal:6380/3") == {
        "type": "bot.scaleout.lock_store.AtomicRedisLockStore",
        "url": "cache.internal",
        "port": 6380,
        "db": 3,
        "key_prefix": "signpost",
        "password": "s@cret",
        "use_ssl": True,
    }
    assert lock_store_config("redis://127.0.0.1:6379")["db"] == 1  # type: ignore[index]


def test_event_broker_is_off_unless_configured() -> None:
    assert event_broker_config(None) is None
    assert event_broker_config("amqp://rasa:pw@mq:5672/events") == {
        "type": "pika", "url": "mq", "port": 5672, "username": "rasa", "password": "pw",
        "queues": ["events"],
    }  # fmt: skip
    assert event_broker_config("kafka://broker:9092")["topic"] == "rasa_core_events"  # type: ignore[index]
    with pytest.raises(ValueError):
        event_broker_config("http://somewhere")


def test_endpoints_hold_postgres_tracker_store_and_redis_locks(tmp_path: Path) -> None:
    path = write_endpoints(
        tmp_path / "endpoints.yml",
        "postgresql+psycopg2://rasa:pw@db.internal:5433/signpost",
        5055,
        redis_url="redis://127.0.0.1:6379/1",
    )
    endpoints = yaml.safe_load(path.read_text())
    assert endpoints["tracker_store"] == {
        "type": "SQL", "dialect": "postgresql+psycopg2", "url": "db.internal",
        "db": "signpost", "port": 5433, "username": "rasa", "password": "pw",
    }  # fmt: skip
    assert endpoints["lock_store"]["type"].endswith("AtomicRedisLockStore")
    assert "event_broker" not in endpoints


def test_several_servers_refuse_a_sqlite_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PostgreSQL"):
        ScaledStack.on_loopback(f"sqlite:///{tmp_path / 'x.db'}", "redis://127.0.0.1", tmp_path)


def test_nginx_accepts_the_configuration_we_write(tmp_path: Path) -> None:
    if not NGINX.exists():
        pytest.fail("nginx is not installed: `make setup` installs it")
    (tmp_path / "nginx-temp").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(
        nginx_config(public_port=15005, action_port=15055, rasa_ports=[15006, 15007],
                     action_ports=[15056, 15057], run_dir=tmp_path)
    )  # fmt: skip
    checked = subprocess.run(
        [*nginx_command(config), "-t"], capture_output=True, text=True, timeout=30
    )
    assert checked.returncode == 0, checked.stderr
    text = config.read_text()
    assert "server 127.0.0.1:15006;" in text and "server 127.0.0.1:15007;" in text
    assert "access_log off;" in text  # request lines carry conversation ids
