"""`signpost alerts` as a process: stopped mid-way through a batch and started again, it
sends every alert once: none twice, none lost."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from bot.config import PROJECT_ROOT, environment
from tests.alerts.conftest import escalate
from tests.mailbox import Mailbox


def start_sender(database_url: str, smtp_url: str, log_path) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    env = environment(
        DATABASE_URL=database_url, SIGNPOST_SMTP_URL=smtp_url, SIGNPOST_ALERT_POLL_S="0.2",
        SIGNPOST_CONSOLE_URL="https://console.example.org",
    )  # fmt: skip
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "alerts"], cwd=PROJECT_ROOT, env=env,
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip


def test_a_restart_mid_way_sends_no_alert_twice_and_loses_none(sessions, store, tmp_path) -> None:
    database_url = str(sessions.kw["bind"].url)
    ids = [escalate(store) for _ in range(30)]
    with Mailbox(delay_s=0.1) as mailbox:
        sender = start_sender(database_url, mailbox.url, tmp_path / "alerts.log")
        try:
            mailbox.wait_for(5, timeout=60)
        finally:
            sender.send_signal(signal.SIGTERM)
            assert sender.wait(timeout=30) == 0, (tmp_path / "alerts.log").read_text()
        before_restart = len(mailbox.messages)
        assert before_restart < 30, "stopped mid-way"
        time.sleep(0.5)
        assert len(mailbox.messages) == before_restart, "nothing sent once it stopped"
        sender = start_sender(database_url, mailbox.url, tmp_path / "alerts.log")
        try:
            mailbox.wait_for(30, timeout=60)
            time.sleep(1.0)  # a duplicate would arrive now
        finally:
            sender.send_signal(signal.SIGTERM)
            sender.wait(timeout=30)
        assert sorted(len(mailbox.for_escalation(i)) for i in ids) == [1] * 30
        assert len(mailbox.messages) == 30
    log = (tmp_path / "alerts.log").read_text()
    assert "stepdad" not in log and "zqxjk" not in log
