"""The console served for real Chromium: a werkzeug server on a free loopback port, Debian's
Chromium, logging in as a person does, and axe-core's findings on a page."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from bot.config import PROJECT_ROOT
from tests.browser import CHROMIUM, CHROMIUM_ARGS, CONSOLE_SCREENSHOTS
from tests.console.conftest import PASSWORD, authenticator_code

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (320, 375, 768, 1280)


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """The app on a free loopback port. localhost: a secure context, so its Secure cookies
    and the Notification API work over plain HTTP here."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make setup` installs it")
    CONSOLE_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def log_in(page: Page, app: Flask, base: str, email: str) -> None:
    page.goto(f"{base}/console/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    if page.get_by_role("heading", name="Your code").is_visible():
        page.get_by_label("Code").fill(authenticator_code(app, email))
        page.get_by_role("button", name="Log in").click()


def axe_findings(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now. Run through the
    DevTools protocol, which the console's Content-Security-Policy does not govern: the
    page keeps its real policy while it is checked."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
