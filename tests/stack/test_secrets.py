"""Secrets stay secret on the running stack: the action server answers the Rasa server
alone, no token is in the process list, and the files that hold them are the owner's."""

from __future__ import annotations

import stat
from pathlib import Path

import requests

from bot.stack import Stack
from tests.stack.conftest import Chat, customs


def test_the_action_server_answers_the_rasa_server_alone(stack: Stack) -> None:
    assert requests.get(f"{stack.action_url}/health", timeout=10).ok
    call = {"next_action": "action_safeguarding_handoff", "sender_id": "x", "tracker": {}}
    for params in ({}, {"token": "guessed"}, {"token": stack.token}):
        refused = requests.post(f"{stack.action_url}/webhook", params=params, json=call, timeout=10)
        assert refused.status_code == 401, params
    assert requests.get(f"{stack.action_url}/actions", timeout=10).status_code == 401
    # The Rasa server has the token: its actions run.
    assert customs(Chat(stack).say("where can I get debt advice near Walsall"), "services")


def test_no_token_is_in_the_process_list(stack: Stack) -> None:
    for process in stack.processes:
        command = Path(f"/proc/{process.pid}/cmdline").read_bytes().decode(errors="replace")
        assert stack.token not in command and stack.action_token not in command, command


def test_endpoints_with_the_tokens_are_the_owners_alone(stack: Stack) -> None:
    endpoints = stack.run_dir / "endpoints.yml"
    assert stack.action_token in endpoints.read_text()
    assert stat.S_IMODE(endpoints.stat().st_mode) == 0o600
