"""The console in real Chromium, served by a real web server on loopback over the fixture's
SQLite file: the alert for a new high-severity hand-off (a browser notification and a sound,
with the person's permission), and screenshots of the queue's waits and the team page at a
phone's width and a desktop's (var/test-output/console/)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

from bot.console.models import Casework
from bot.db import session_scope
from tests.browser import CHROMIUM, CHROMIUM_ARGS, CONSOLE_SCREENSHOTS
from tests.console.conftest import PASSWORD, Console, _escalation, authenticator_code

SCREENSHOTS = CONSOLE_SCREENSHOTS
ROWLEY = "rowley-hills-academy"
SECRET_WORDS = "my stepdad locks me in my room"
# Before the page's own script: every notification it raises and every tone it plays is
# written down, and the real ones still happen.
RECORDER = """
window.__notes = [];
window.__tones = 0;
if (window.Notification) {
  const Real = window.Notification;
  window.Notification = class extends Real {
    constructor(title, options) {
      window.__notes.push({ title, body: (options || {}).body || "" });
      super(title, options);
    }
  };
}
if (window.AudioContext) {
  const make = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    window.__tones += 1;
    return make.call(this);
  };
}
"""


@pytest.fixture
def live(console: Console) -> Iterator[str]:
    """The console's app on a free loopback port. localhost: a secure context, so its Secure
    cookies and the Notification API work over plain HTTP here."""
    server = make_server("127.0.0.1", 0, console.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make setup` installs it")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _log_in(page: Page, app: Flask, base: str, email: str) -> None:
    page.goto(f"{base}/console/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    if page.get_by_role("heading", name="Your code").is_visible():
        page.get_by_label("Code").fill(authenticator_code(app, email))
        page.get_by_role("button", name="Log in").click()


def _arrives(console: Console, severity: str, *, status: str = "new", minutes: int = 0) -> str:
    """An escalation as the assistant writes it, while the queue is open."""
    case = _escalation(ROWLEY, SECRET_WORDS, minutes, severity)
    case.status = status
    with session_scope(console.sessions) as session:
        session.add(case)
    return case.id


def _queue_page(browser: Browser, console: Console, live: str, **context: object) -> Page:
    page = browser.new_context(**context).new_page()
    page.add_init_script(RECORDER)
    _log_in(page, console.app, live, "pastoral.rowley@example.org")
    expect(page.get_by_role("heading", name="Escalations")).to_be_visible()
    return page


def _wait_for_a_notification(page: Page, seconds: float = 10) -> None:
    # Polled from here: wait_for_function evaluates a string, which the console's
    # Content-Security-Policy (no 'unsafe-eval') refuses, as it should.
    deadline = time.monotonic() + seconds
    while not page.evaluate("window.__notes.length"):
        assert time.monotonic() < deadline, "no notification"
        page.wait_for_timeout(100)


def test_a_new_high_hand_off_raises_a_notification_and_a_sound(
    console: Console, live: str, browser: Browser
) -> None:
    page = _queue_page(browser, console, live, permissions=["notifications"])
    expect(page.locator("#alert-me")).to_have_text("Alerts on for this device · test the sound")
    # What was in the queue when it opened is not news; a medium hand-off and a check-in,
    # however severe, do not call anyone away from what they are doing.
    quiet = [_arrives(console, "medium"), _arrives(console, "critical", status="review")]
    for escalation_id in quiet:
        expect(page.locator(f"tr[data-escalation-id='{escalation_id}']")).to_be_visible()
    assert page.evaluate("window.__notes") == []

    high = _arrives(console, "high")
    expect(page.locator(f"tr[data-escalation-id='{high}']")).to_be_visible()
    _wait_for_a_notification(page)
    assert page.evaluate("window.__notes") == [
        {"title": "New high-severity escalation", "body": "Rowley Hills Academy · high"}
    ]
    assert page.evaluate("window.__tones") == 2  # the two tones of one chime

    # A reload does not alert again for what this tab has seen ...
    page.reload()
    expect(page.locator(f"tr[data-escalation-id='{high}']")).to_be_visible()
    page.wait_for_timeout(4000)  # more than one refresh of the queue
    assert page.evaluate("window.__notes") == []
    # ... and the next one still alerts.
    critical = _arrives(console, "critical")
    _wait_for_a_notification(page)
    assert page.evaluate("window.__notes") == [
        {"title": "New high-severity escalation", "body": "Rowley Hills Academy · critical"}
    ]
    assert SECRET_WORDS not in str(page.evaluate("window.__notes"))
    expect(page.locator(f"tr[data-escalation-id='{critical}']")).to_be_visible()


def test_without_permission_the_button_says_so_and_nothing_alerts(
    console: Console, live: str, browser: Browser
) -> None:
    page = _queue_page(browser, console, live)
    button = page.locator("#alert-me")
    expect(button).to_have_text("Alert me on this device")
    button.click()  # headless Chromium answers a permission prompt with "no"
    expect(button).to_have_text(
        "Alerts are blocked: allow notifications for this site in the browser's settings"
    )
    expect(button).to_be_disabled()
    high = _arrives(console, "high")
    expect(page.locator(f"tr[data-escalation-id='{high}']")).to_be_visible()
    assert page.evaluate("window.__notes") == []


def test_a_browser_without_notifications_is_told_so(
    console: Console, live: str, browser: Browser
) -> None:
    context = browser.new_context()
    context.add_init_script("delete window.Notification;")
    page = context.new_page()
    _log_in(page, console.app, live, "pastoral.rowley@example.org")
    expect(page.locator("#alert-me")).to_have_text("Alerts are not available in this browser")


def _a_busy_week(console: Console) -> None:
    """Hand-offs claimed after a few minutes, a check-in read later, and two still waiting."""
    now = datetime.now(timezone.utc)
    with session_scope(console.sessions) as session:
        for created, claimed, severity, status in [
            (14, 10, "high", "new"), (9, 7, "critical", "new"), (50, 38, "medium", "new"),
            (200, 75, "medium", "review"),
        ]:  # fmt: skip
            case = _escalation(ROWLEY, SECRET_WORDS, created, severity)
            case.status = status
            session.add(case)
            session.flush()
            session.add(
                Casework(
                    escalation_id=case.id,
                    state="claimed",
                    claimed_at=now - timedelta(minutes=claimed),
                )
            )
        session.add(_escalation(ROWLEY, SECRET_WORDS, 2, "critical"))
    _arrives(console, "medium", status="review", minutes=95)


def test_screenshots_of_the_queue_and_the_team_page(
    console: Console, live: str, browser: Browser
) -> None:
    _a_busy_week(console)
    for width in (375, 1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        _log_in(page, console.app, live, "dsl.rowley@example.org")
        expect(page.locator("section.week")).to_be_visible()
        expect(page.locator("td.wait").first).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / f"queue-waits-{width}.png"), full_page=True)
        page.locator("tr.late a").first.click()
        expect(page.locator("dd.wait")).to_contain_text("past its time")
        page.screenshot(path=str(SCREENSHOTS / f"escalation-wait-{width}.png"), full_page=True)
        page.close()

        page = browser.new_page(viewport={"width": width, "height": 900})
        _log_in(page, console.app, live, "admin@example.org")
        page.get_by_role("link", name="Safeguarding teams").click()
        page.screenshot(path=str(SCREENSHOTS / f"schools-{width}.png"), full_page=True)
        page.get_by_role("link", name="Edit the team of Rowley Hills Academy").click()
        expect(page.get_by_role("heading", name="Safeguarding team")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / f"team-{width}.png"), full_page=True)
        page.close()
