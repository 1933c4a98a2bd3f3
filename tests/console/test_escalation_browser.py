"""The escalation page in real Chromium: Resolve asks first, naming the outcome; the browser
will not send it without a note, and the server refuses one sent anyway; what a step did is
shown where the forms are and announced (role="status")."""

from __future__ import annotations

from playwright.sync_api import Browser, Dialog, expect

from bot.console.case import Case
from bot.console.models import Casework
from bot.safeguarding.models import Escalation
from tests.browser import CONSOLE_SCREENSHOTS
from tests.console.conftest import Console
from tests.console.live import log_in

ROWLEY = "rowley-hills-academy"


def _status(console: Console, case_id: str) -> str:
    with console.sessions() as session:
        return Case(session.get(Escalation, case_id), session.get(Casework, case_id)).status


def test_resolve_asks_first_and_needs_a_note(console: Console, live: str, browser: Browser) -> None:
    case_id = console.escalations[ROWLEY]
    page = browser.new_page(viewport={"width": 375, "height": 800})
    log_in(page, console.app, live, "dsl.rowley@example.org")
    page.goto(f"{live}/console/escalations/{case_id}")
    page.get_by_label("Early help").check()
    asked: list[str] = []

    def answer(accept: bool):  # type: ignore[no-untyped-def]
        def handle(dialog: Dialog) -> None:
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handle

    page.get_by_role("button", name="Resolve").click()
    # No note: the browser stops it before anyone is asked, and nothing is sent.
    assert asked == []
    expect(page.get_by_label("Outcome note")).to_be_focused()
    assert _status(console, case_id) == "new"

    # Sent anyway (a browser that ignores `required`): the server refuses, and says so
    # where the form is, with the outcome still chosen.
    page.evaluate("document.getElementById('outcome-note').required = false")
    page.once("dialog", answer(True))
    page.get_by_role("button", name="Resolve").click()
    refusal = page.get_by_role("alert").filter(has_text="Write an outcome note")
    expect(refusal).to_have_text(
        "Write an outcome note: what was decided and why. Nothing has been resolved."
    )
    expect(refusal).to_be_in_viewport()
    expect(page.get_by_label("Early help")).to_be_checked()
    assert _status(console, case_id) == "new"
    page.screenshot(path=str(CONSOLE_SCREENSHOTS / "resolve-refused-375.png"), full_page=False)

    asked.clear()
    page.once("dialog", answer(False))
    page.get_by_label("Outcome note").fill("Early help assessment booked with mum for Friday.")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_role("button", name="Resolve")).to_be_visible()
    assert asked == ["Resolve this escalation as “Early help”? The case closes."]
    assert _status(console, case_id) == "new"  # said no: nothing changed

    page.once("dialog", answer(True))
    page.get_by_role("button", name="Resolve").click()
    status = page.locator("[role=status][data-announced]")  # put back in, so announced
    expect(status).to_have_text(
        "Resolved: Early help. The outcome note is in the record and the chronology."
    )
    expect(status).to_be_in_viewport()  # the page opens where the message is
    page.screenshot(path=str(CONSOLE_SCREENSHOTS / "resolved-375.png"), full_page=False)
    expect(page.locator("dd.outcome-note")).to_have_text(
        "Early help assessment booked with mum for Friday."
    )
    assert _status(console, case_id) == "resolved"
