"""The console in real Chromium, served by a real web server on loopback over the fixture's
SQLite file: the alert for a new high-severity hand-off (a browser notification and a sound,
with the person's permission). Every page's screenshots and axe-core's checks are in
test_pages_browser.py."""

from __future__ import annotations

import time

from playwright.sync_api import Browser, Page, expect

from bot.db import session_scope
from tests.console.conftest import Console, _escalation
from tests.console.live import log_in

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
    log_in(page, console.app, live, "pastoral.rowley@example.org")
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


def test_a_filter_left_on_never_silences_a_new_hand_off(
    console: Console, live: str, browser: Browser
) -> None:
    page = _queue_page(browser, console, live, permissions=["notifications"])
    page.get_by_label("Status").select_option("resolved")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".filtered")).to_contain_text("1 open case is not shown.")
    high = _arrives(console, "high")
    expect(page.locator(".filtered")).to_contain_text("2 open cases are not shown.")
    _wait_for_a_notification(page)
    assert page.evaluate("window.__notes") == [
        {"title": "New high-severity escalation", "body": "Rowley Hills Academy · high"}
    ]
    expect(page.locator(f"tr[data-escalation-id='{high}']")).to_have_count(0)  # not listed


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
    log_in(page, console.app, live, "pastoral.rowley@example.org")
    expect(page.locator("#alert-me")).to_have_text("Alerts are not available in this browser")
