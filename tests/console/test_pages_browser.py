"""Every console page, as the people who use it see it: screenshots at 320, 375, 768 and
1280 pixels wide (var/test-output/console/, for people to look at), and at each width no
serious or critical axe-core finding and nothing wider than the screen."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from bot.console.models import Casework, EscalationNote, StaffAccount
from bot.db import session_scope
from tests.browser import CONSOLE_SCREENSHOTS
from tests.console.conftest import (
    PASSWORD,
    Console,
    _claimed,
    _escalation,
    authenticator_code,
)
from tests.console.live import WIDTHS, axe_findings, log_in

ROWLEY = "rowley-hills-academy"
SECRET_WORDS = "my stepdad locks me in my room"
# Names as a school's staff have them, so the pages look as they will.
NAMES = {
    "pastoral.rowley@example.org": "Mrs Aisha Rahman",
    "dsl.rowley@example.org": "Mr Daniel Okafor",
    "trust.dsl@example.org": "Ms Ada Reyes",
    "admin@example.org": "Trust admin",
}
CLAIMED_WORDS = (
    "my stepdad locks me in my room when mum is at work and says nobody will believe me "
    "if i tell, i don't want to go home tonight"
)


def _ids(session, *emails: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [
        session.scalar(select(StaffAccount.id).where(StaffAccount.email == email))
        for email in emails
    ]


def _a_busy_week(console: Console) -> tuple[str, str]:
    """Hand-offs claimed after a few minutes, a check-in read later, two still waiting, one
    held by a member of the pastoral team and one resolved with its note: (held, resolved)."""
    now = datetime.now(timezone.utc)
    with session_scope(console.sessions) as session:
        for email, name in NAMES.items():
            session.scalar(select(StaffAccount).where(StaffAccount.email == email)).name = name
        pastoral, dsl = _ids(session, "pastoral.rowley@example.org", "dsl.rowley@example.org")
        for created, claimed, severity, status in [
            (14, 10, "high", "new"), (9, 7, "critical", "new"), (50, 38, "medium", "new"),
            (200, 75, "medium", "review"),
        ]:  # fmt: skip
            case = _escalation(ROWLEY, SECRET_WORDS, created, severity)
            case.status = status
            session.add(case)
            session.flush()
            session.add(_claimed(case.id, pastoral, claimed))
        session.add(_escalation(ROWLEY, SECRET_WORDS, 2, "critical"))
        review = _escalation(ROWLEY, "nobody would notice if i wasnt here", 95, "medium")
        review.status = "review"
        review.categories = ["suicide"]
        session.add(review)

        held = _escalation(ROWLEY, CLAIMED_WORDS, 25, "high")
        resolved = _escalation(ROWLEY, "he hit me again last night", 60 * 26, "high")
        session.add_all([held, resolved])
        session.flush()
        session.add(_claimed(held.id, pastoral, 21))
        session.add(
            EscalationNote(
                escalation_id=resolved.id, author_id=pastoral, at=now - timedelta(hours=25),
                text="Spoke to the pupil at break; she is safe at her nan's tonight.",
            )
        )  # fmt: skip
        session.add(
            Casework(
                escalation_id=resolved.id, state="resolved", claimed_by=pastoral,
                claimed_at=now - timedelta(hours=25, minutes=50), resolved_by=dsl,
                resolved_at=now - timedelta(hours=2), outcome="social_care",
                confirmed_categories=["physical_abuse"],
                outcome_note="Referred to the council's front door (ref. 2291). Mum told; "
                "the pupil knows who to come to. Review on Monday.",
            )
        )  # fmt: skip
    return held.id, resolved.id


def _look(page: Page, name: str, findings: dict[str, list[str]]) -> None:
    """A screenshot at each width, and what axe-core and the page's width say about it."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        page.screenshot(path=str(CONSOLE_SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        found = axe_findings(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found.append(f"{overflow}px wider than the screen")
        if found:
            findings[f"{name}-{width}"] = found


def test_every_page_at_four_widths(console: Console, live: str, browser: Browser) -> None:
    held, resolved = _a_busy_week(console)
    findings: dict[str, list[str]] = {}
    page = browser.new_page()
    page.goto(f"{live}/console/login")
    _look(page, "login", findings)
    page.get_by_label("Email").fill("dsl.rowley@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your code")).to_be_visible()
    _look(page, "login-code", findings)
    page.get_by_label("Code").fill(authenticator_code(console.app, "dsl.rowley@example.org"))
    page.get_by_role("button", name="Log in").click()

    expect(page.locator("section.week")).to_be_visible()
    expect(page.locator(f"tr[data-escalation-id='{held}'] td.who")).to_contain_text(
        "Mrs Aisha Rahman"
    )
    _look(page, "queue", findings)
    page.locator("tr.late a").first.click()
    expect(page.locator("dd.wait")).to_contain_text("past its time")
    page.goto(f"{live}/console/escalations/{held}")
    page.get_by_label("Add a note").fill("Rang home: no answer. Trying again at 3.")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("[role=status][data-announced]")).to_have_text(
        "Note saved. Staff only: the person never sees it."
    )
    _look(page, "escalation", findings)
    page.goto(f"{live}/console/escalations/{resolved}")
    expect(page.locator("dd.outcome-note")).to_contain_text("Referred to the council")
    _look(page, "escalation-resolved", findings)
    page.goto(f"{live}/console/escalations/{resolved}/chronology")
    _look(page, "chronology", findings)
    page.goto(f"{live}/console/audit")
    _look(page, "audit", findings)
    page.close()

    page = browser.new_page()
    log_in(page, console.app, live, "admin@example.org")
    page.get_by_role("link", name="Accounts").click()
    _look(page, "accounts", findings)
    page.get_by_role("link", name="Safeguarding teams").click()
    _look(page, "schools", findings)
    page.get_by_role("link", name="Edit the team of Rowley Hills Academy").click()
    expect(page.get_by_role("heading", name="Safeguarding team")).to_be_visible()
    _look(page, "team", findings)
    page.close()
    assert not findings, findings


def test_the_directory_page_at_four_widths(console: Console, live: str, browser: Browser) -> None:
    """With a council's feed imported a year ago: its data quality, its stale services and
    the terms with no topic, each readable on a phone."""
    from bot.config import DATA_DIR
    from bot.directory.openreferral.feeds import JsonFileFeed
    from bot.directory.openreferral.importer import Importer
    from bot.directory.openreferral.topic_map import TopicMap
    from tests.directory.feed_server import FIXTURES

    feed = JsonFileFeed(FIXTURES / "council_feed" / "services.json")
    long_ago = datetime.now(timezone.utc) - timedelta(days=400)
    assert Importer(console.sessions, TopicMap.from_file(DATA_DIR)).run(feed, long_ago).ok
    findings: dict[str, list[str]] = {}
    page = browser.new_page()
    log_in(page, console.app, live, "admin@example.org")
    page.get_by_role("link", name="Directory").click()
    expect(page.get_by_role("heading", name="Data quality by feed")).to_be_visible()
    _look(page, "directory", findings)
    page.close()
    assert not findings, findings
