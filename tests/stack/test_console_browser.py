"""The whole path in real Chromium: a new DSL follows their set-up link, chooses a password
and links an authenticator (at a phone's width), a disclosure arrives through the REST
channel, appears in the queue without a reload, is claimed, answered and resolved, and the
audit log shows each step; each step says on the page what it did, and Resolve asks first and
needs an outcome note. Screenshots (the live conversation at four widths, checked by axe-core)
go to var/test-output/console/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy import text

from bot.config import PROJECT_ROOT, environment
from bot.db import make_engine
from tests.browser import CHROMIUM, CHROMIUM_ARGS, CONSOLE_SCREENSHOTS
from tests.console.live import WIDTHS, axe_findings
from tests.stack.conftest import Chat, customs

pytestmark = pytest.mark.servers

SCREENSHOTS = CONSOLE_SCREENSHOTS
EMAIL, PASSWORD = "dsl.browser@example.org", "a long demo password for the DSL"


def _add_dsl(stack, base: str) -> str:
    """With the project's own command, as whoever installs it would; its set-up link."""
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "staff", "add", "--email", EMAIL,
         "--name", "Mr Daniel Okafor", "--role", "dsl", "--school", "rowley-hills-academy",
         "--console-url", base],
        text=True, capture_output=True, cwd=PROJECT_ROOT,
        env=environment(DATABASE_URL=stack.database_url),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    link = re.search(r"set-up link .*: (\S+)", result.stdout)
    assert link, result.stdout
    return link.group(1)


def _set_up(page: Page, link: str) -> None:
    """The DSL's first visit, on their phone: a password, then the authenticator."""
    page.goto(link)
    page.screenshot(path=str(SCREENSHOTS / "setup-375.png"), full_page=True)
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_label("The same again").fill(PASSWORD)
    page.get_by_role("button", name="Save my password").click()
    expect(page.get_by_role("heading", name="Set up two-step log-in")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "enrol-375.png"), full_page=True)
    secret = page.locator("[data-secret]").inner_text()
    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-step log-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.screenshot(path=str(SCREENSHOTS / "recovery-codes-375.png"), full_page=True)
    page.get_by_role("link", name="I have kept them").click()
    expect(page.get_by_role("heading", name="Escalations")).to_be_visible()


def _secret(stack) -> str:
    """The secret the DSL's phone holds (read back, as the app would show the code)."""
    engine = make_engine(stack.database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT totp_secret FROM staff_account WHERE email = :e"), {"e": EMAIL}
            ).scalar_one()
    finally:
        engine.dispose()


def _look_at_the_conversation(page: Page) -> None:
    """The live conversation at each width the console is read at, checked by axe-core."""
    size = page.viewport_size
    findings = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"conversation-{width}.png"), full_page=True)
        if found := axe_findings(page):
            findings[width] = found
    if size:
        page.set_viewport_size(size)
    assert not findings, findings


def test_a_dsl_sees_an_escalation_arrive_answers_it_and_closes_it(stack) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make setup` installs it")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # localhost: a secure context, so the console's Secure cookies work over plain HTTP here.
    base = stack.web_url.replace("127.0.0.1", "localhost")
    link = _add_dsl(stack, base)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            phone = browser.new_page(viewport={"width": 375, "height": 800})
            _set_up(phone, link)
            phone.close()
            page = browser.new_page()
            # Back on the desktop: the password, then a code from the app, as every day.
            page.goto(f"{base}/console/")
            page.get_by_label("Email").fill(EMAIL)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            expect(page.get_by_role("heading", name="Your code")).to_be_visible()
            secret = _secret(stack)
            page.get_by_label("Code").fill(pyotp.TOTP(secret).at(time.time() + 30))
            page.get_by_role("button", name="Log in").click()
            expect(page.get_by_role("heading", name="Escalations")).to_be_visible()
            page.evaluate("window.loadedOnce = true")  # gone if the page reloads

            pupil = Chat(stack, {"school": "rowley-hills-academy", "audience": "pupil"})
            handoff = customs(pupil.say("<b>he</b> hurts me when mum is out"), "handoff")
            escalation_id = handoff[0]["escalation_id"]

            row = page.locator(f"tr[data-escalation='{escalation_id}']")
            expect(row).to_be_visible(timeout=15_000)
            assert page.evaluate("window.loadedOnce === true"), "it arrived without a reload"
            page.screenshot(path=str(SCREENSHOTS / "queue.png"), full_page=True)

            row.get_by_role("link", name="Open").click()
            trigger = page.locator("li.trigger .text")
            expect(trigger).to_have_text("<b>he</b> hurts me when mum is out")  # as text
            page.get_by_role("button", name="Claim and reply").click()
            expect(page.get_by_role("status")).to_contain_text("You have claimed this conversation")
            page.get_by_label("Reply to the person").fill("Hello, it's Mr Okafor. Are you safe?")
            page.get_by_role("button", name="Send reply").click()
            expect(page.get_by_role("status")).to_contain_text("Reply sent.")
            expect(page.locator("li.staff .text")).to_have_text(
                "Hello, it's Mr Okafor. Are you safe?"
            )

            reply = pupil.say("yes, at my nan's")  # a REST client hears staff on its next turn
            assert [m["text"] for m in customs(reply, "staff_message")] == [
                "Hello, it's Mr Okafor. Are you safe?"
            ]
            expect(page.locator("li.person .text").last).to_have_text("yes, at my nan's")
            page.screenshot(path=str(SCREENSHOTS / "conversation.png"), full_page=True)
            _look_at_the_conversation(page)

            page.get_by_label("Referred to children's social care").check()
            page.get_by_label("Outcome note").fill("Referred to the front door; mum told.")
            page.once("dialog", lambda dialog: dialog.accept())  # "Resolve ... ?"
            page.get_by_role("button", name="Resolve").click()
            expect(page.locator(".status")).to_have_text("resolved")
            expect(page.get_by_role("status")).to_contain_text(
                "Resolved: Referred to children's social care."
            )
            expect(page.locator("dd.outcome-note")).to_have_text(
                "Referred to the front door; mum told."
            )

            page.get_by_role("link", name="Audit log").click()
            logged = page.locator(f"tr:has-text('{escalation_id}')").evaluate_all(
                "rows => rows.map(r => r.dataset.action)"
            )
            for step in ("view", "claim", "reply", "resolve"):
                assert step in logged, step
            assert page.locator("tr[data-action='login']").count() >= 1
            page.screenshot(path=str(SCREENSHOTS / "audit.png"), full_page=True)
        finally:
            browser.close()
