"""Debian's Chromium for the browser tests (no browser download), and where their
screenshots go for people to look at."""

from __future__ import annotations

from bot.config import VAR_DIR

CHROMIUM = "/usr/bin/chromium"  # Debian's package, installed by `make setup`
# Without these, Chromium keeps trying to reach Google's servers, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
CONSOLE_SCREENSHOTS = VAR_DIR / "test-output" / "console"
