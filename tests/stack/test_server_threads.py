"""Each Rasa and action server runs with two OpenBLAS threads that sleep as soon as a product
ends (bot/stack.py BLAS_THREADS): numpy's default threads spun between matrix products,
keeping most of a core busy for nothing."""

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
def test_the_server_has_two_blas_threads_that_sleep_at_once(stack: Stack, server: str) -> None:
    environment = environment_of(stack.named[server].pid)
    assert environment["OPENBLAS_NUM_THREADS"] == "2"
    assert environment["OPENBLAS_THREAD_TIMEOUT"] == "4"


def test_the_console_keeps_what_it_was_given(stack: Stack) -> None:
    # Only the two servers that compute on every message are told; the rest inherit as ever.
    web = environment_of(stack.named["web"].pid)
    for name in ("OPENBLAS_NUM_THREADS", "OPENBLAS_THREAD_TIMEOUT"):
        assert web.get(name) == os.environ.get(name)
