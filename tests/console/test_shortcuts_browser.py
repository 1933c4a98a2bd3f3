"""The queue's keyboard shortcuts in real Chromium, under the console's real Content
Security Policy: j and k move between cases, Enter or o opens one, / goes to the filters and
? shows the list; none fires in a field, with a modifier held, or once turned off."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from bot.db import session_scope
from tests.browser import CONSOLE_SCREENSHOTS
from tests.console.conftest import Console, _escalation
from tests.console.live import log_in

ROWLEY, PALFREY = "rowley-hills-academy", "palfrey-park-primary"


def _queue(browser: Browser, console: Console, live: str, email: str) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, console.app, live, email)
    expect(page.get_by_role("heading", name="Escalations")).to_be_visible()
    page.wait_for_load_state()  # the page's scripts are running: a key is not lost
    return page


def _on(page: Page) -> str | None:
    """The case whose row has the focus, if any."""
    return page.evaluate(
        "document.activeElement.closest('tr[data-escalation-id]')?.dataset.escalationId ?? null"
    )


def test_j_k_and_o_move_through_the_queue_and_open_a_case(
    console: Console, live: str, browser: Browser
) -> None:
    page = _queue(browser, console, live, "trust.dsl@example.org")
    critical, high = console.escalations[PALFREY], console.escalations[ROWLEY]
    page.keyboard.press("j")
    assert _on(page) == critical  # most severe first
    page.keyboard.press("j")
    assert _on(page) == high
    page.keyboard.press("j")
    assert _on(page) == high  # the last stays the last
    page.keyboard.press("k")
    assert _on(page) == critical
    page.keyboard.press("Control+j")  # a browser's own shortcut, not ours
    assert _on(page) == critical
    page.keyboard.press("o")
    expect(page).to_have_url(f"{live}/console/escalations/{critical}")
    page.go_back()
    page.wait_for_load_state()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live}/console/escalations/{high}")


def test_the_place_in_the_queue_survives_its_refresh(
    console: Console, live: str, browser: Browser
) -> None:
    page = _queue(browser, console, live, "trust.dsl@example.org")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert _on(page) == console.escalations[ROWLEY]
    arrived = _escalation(ROWLEY, "he took my phone and won't give it back", 0, "critical")
    with session_scope(console.sessions) as session:
        session.add(arrived)
    expect(page.locator(f"tr[data-escalation-id='{arrived.id}']")).to_be_visible()
    assert _on(page) == console.escalations[ROWLEY]  # the new one drew above it


def test_slash_goes_to_the_filters_and_nothing_fires_in_a_field(
    console: Console, live: str, browser: Browser
) -> None:
    page = _queue(browser, console, live, "trust.dsl@example.org")
    page.keyboard.press("/")
    expect(page.get_by_label("School")).to_be_focused()
    page.keyboard.press("j")  # in a field: the field's, not a shortcut
    page.keyboard.press("?")
    expect(page.get_by_label("School")).to_be_focused()
    expect(page.locator("#shortcuts")).not_to_have_attribute("open", "")
    assert _on(page) is None


def test_question_mark_shows_the_list_and_shortcuts_can_be_turned_off(
    console: Console, live: str, browser: Browser
) -> None:
    page = _queue(browser, console, live, "pastoral.rowley@example.org")
    page.keyboard.press("?")
    shortcuts = page.locator("#shortcuts")
    expect(shortcuts).to_have_attribute("open", "")
    expect(shortcuts.get_by_text("next and previous case")).to_be_visible()
    expect(shortcuts.locator("summary")).to_be_focused()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(
            path=str(CONSOLE_SCREENSHOTS / f"queue-shortcuts-{width}.png"), full_page=True
        )
    page.keyboard.press("?")
    expect(shortcuts).not_to_have_attribute("open", "")

    page.keyboard.press("?")
    switch = page.get_by_role("button", name="Turn shortcuts off")
    switch.click()
    expect(page.get_by_role("button", name="Turn shortcuts on")).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("h1").click()
    page.keyboard.press("j")
    assert _on(page) is None
    page.reload()  # remembered on this device
    page.wait_for_load_state()
    page.keyboard.press("j")
    assert _on(page) is None
    page.get_by_text("Keyboard shortcuts").click()  # the list, opened as any list is
    page.get_by_role("button", name="Turn shortcuts on").click()
    page.locator("h1").click()
    page.keyboard.press("j")
    assert _on(page) == console.escalations[ROWLEY]
