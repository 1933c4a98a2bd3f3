"""Each Rasa and action server runs with one OpenBLAS thread (bot/stack.py ONE_BLAS_THREAD):
a second one spun between matrix products, keeping most of a core busy for nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.stack import Stack

pytestmark = pytest.mark.servers


def environment_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)


@pytest.mark.parametrize("server", ["rasa", "actions"])
def test_the_server_has_one_blas_thread(stack: Stack, server: str) -> None:
    assert environment_of(stack.named[server].pid)["OPENBLAS_NUM_THREADS"] == "1"


def test_the_console_keeps_what_it_was_given(stack: Stack) -> None:
    # Only the two servers that compute on every message are told; the rest inherit as ever.
    inherited = os.environ.get("OPENBLAS_NUM_THREADS")
    assert environment_of(stack.named["web"].pid).get("OPENBLAS_NUM_THREADS") == inherited
