"""The chat widget on a demo school page, in real Chromium, against the real stack.
Screenshots of every state at 320, 375, 768 and 1280 pixels wide go to var/test-output/widget/
for people to look at."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy.engine import make_url

from bot.config import PROJECT_ROOT, VAR_DIR
from bot.console.rasa_api import RasaClient
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.stack.test_check_in import unsure_messages

pytestmark = pytest.mark.servers

SCREENSHOTS = VAR_DIR / "test-output" / "widget"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SIZES = [{"width": 320, "height": 640}, PHONE, {"width": 768, "height": 1024}, DESKTOP]
ALARM_RED = "rgb(180, 35, 24)"  # #b42318: Quick exit and danger only
# The newest reply in the log, from its first node to its last ("who is writing?" aside), and
# where it and the question before it start in the log's visible area. Measured in the page:
# the widget lives in a shadow root.
MEASURE_REPLY = """() => {
  const log = document.getElementById("signpost-widget").shadowRoot.querySelector(".log");
  const users = log.querySelectorAll(".msg.user");
  const nodes = [];
  for (let n = users[users.length - 1].nextElementSibling; n; n = n.nextElementSibling) {
    if (!n.classList.contains("who")) nodes.push(n);
  }
  const top = nodes[0].getBoundingClientRect().top;
  const logTop = log.getBoundingClientRect().top;
  return {
    height: nodes[nodes.length - 1].getBoundingClientRect().bottom - top,
    start: top - logTop,
    question: users[users.length - 1].getBoundingClientRect().top - logTop,
    log: log.clientHeight,
  };
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _open(browser: Browser, stack, school: str, size: dict, **options) -> Page:
    page = browser.new_context(viewport=size, **options).new_page()
    page.goto(f"http://localhost:{stack.web_port}/demo/{school}")
    return page


def _start(page: Page, who: str) -> None:
    page.get_by_role("button", name="Ask for help").click()
    page.get_by_role("button", name=who).click()
    expect(page.get_by_label("Your message")).to_be_focused()


def _say(page: Page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()


def _distances(page: Page) -> list[float]:
    found = page.locator(".services").last.locator("article.service .distance").all_inner_texts()
    return [float(m.group(1)) for t in found if (m := re.fullmatch(r"([\d.]+) km away", t))]


def _axe(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, widget included."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _look(page: Page, state: str, size: dict) -> None:
    """What a person sees in this state, saved for people to look at, and checked by axe."""
    page.screenshot(path=str(SCREENSHOTS / f"{state}-{size['width']}.png"))
    serious = _axe(page)
    assert not serious, f"{state} at {size['width']} px: {serious}"


def _on_screen(page: Page, selector: str) -> bool:
    """Whether the element is wholly inside both the window and the log's visible area."""
    return page.locator(selector).first.evaluate(
        """(node) => {
          const box = node.getBoundingClientRect();
          const log = node.closest(".log").getBoundingClientRect();
          return box.top >= Math.max(0, log.top) && box.bottom <= Math.min(innerHeight, log.bottom);
        }"""
    )


def test_a_parent_on_a_phone_asks_about_asthma_then_narrows_by_postcode(browser, stack) -> None:
    page = _open(browser, stack, "palfrey-park-primary", PHONE)
    _start(page, "I'm a parent or carer")
    _say(page, "where can i get a new spacer for my daughter's inhaler")
    expect(page.locator("article.service").first).to_be_visible(timeout=20_000)
    expect(page.locator("article.service a[href^='tel:']").first).to_be_visible()
    expect(page.locator(".msg.bot").last).to_contain_text("postcode", timeout=10_000)
    # Each service once: the card is the answer, with no text bubble saying it again.
    names = page.locator("article.service h4").all_inner_texts()
    assert names and len(names) == len(set(names))
    bubbles = "\n".join(page.locator(".msg.bot").all_inner_texts())
    assert not [name for name in names if name in bubbles], "a service said twice"
    # The whole answer fits in two phone screens, and the log shows it from its start.
    reply = page.evaluate(MEASURE_REPLY)
    assert reply["height"] <= 2 * PHONE["height"], reply
    # From its start: the person's own (short) question at the top, the first card under it.
    assert 0 <= reply["question"] <= 16 and reply["start"] < reply["log"] / 3, reply
    # Screen readers hear the reply in short, not the whole log read out again.
    announcer = page.locator("[aria-live='polite']")
    expect(announcer).to_contain_text(f"{len(names)} services:")  # a moment after the reply
    assert len(announcer.inner_text()) < 600, announcer.inner_text()
    assert page.locator(".log").get_attribute("aria-live") == "off"
    # A calm Call button: red is kept for Quick exit and danger.
    call = page.locator("article.service .call").first
    assert call.evaluate("(a) => getComputedStyle(a).backgroundColor") != ALARM_RED

    _say(page, "B70 7PG")
    expect(page.locator(".services")).to_have_count(2, timeout=20_000)
    distances = _distances(page)
    assert distances and distances == sorted(distances), "nearest first"
    expect(page.locator(".services").last).to_contain_text("Near B70 7PG, nearest first")
    page.screenshot(path=str(SCREENSHOTS / "services-375.png"))


def test_a_question_typed_before_saying_who_is_writing_is_answered(browser, stack) -> None:
    """Nothing typed is lost: the question goes at once, and "who is writing?" comes after
    its answer; once chosen, the audience travels with the next message."""
    page = _open(browser, stack, "pelsall-common-academy", PHONE)
    page.get_by_role("button", name="Ask for help").click()
    expect(page.get_by_role("button", name="I'm a parent or carer")).to_be_visible()
    box = page.get_by_label("Your message")
    box.fill("where can i get a new spacer for my daughter's inhaler")
    box.press("Enter")
    expect(page.locator("article.service").first).to_be_visible(timeout=20_000)
    expect(page.locator(".msg.user")).to_have_count(1)
    who = page.locator(".who")
    expect(who).to_be_visible()
    expect(page.locator(".log > *").last).to_have_class(re.compile(r"\bwho\b"))  # after it
    who.get_by_role("button", name="I'm a parent or carer").click()
    expect(who).to_have_count(0)
    expect(box).to_be_focused()
    _say(page, "B70 7PG")
    expect(page.locator(".services")).to_have_count(2, timeout=20_000)

    users = _tracker_users(stack, "pelsall-common-academy")
    for _ in range(20):  # Rasa saves the tracker just after the reply has gone out
        if len(users) >= 2:
            break
        page.wait_for_timeout(250)
        users = _tracker_users(stack, "pelsall-common-academy")
    assert [u["text"] for u in users] == [
        "where can i get a new spacer for my daughter's inhaler",
        "B70 7PG",
    ], "each message sent once, none typed again"
    assert "audience" not in users[0]["metadata"]
    assert users[1]["metadata"]["audience"] == "parent"


def test_a_disclosure_typed_first_gets_the_crisis_card_with_999_on_screen(browser, stack) -> None:
    """A pupil writes before choosing anything: the message is scanned and answered at once,
    and the card's first contact is in view without scrolling."""
    page = _open(browser, stack, "bentilee-brook-primary", PHONE)
    page.get_by_role("button", name="Ask for help").click()
    _say(page, "my stepdad hits me when mum is at work")
    crisis = page.locator(".crisis")
    expect(crisis).to_be_visible(timeout=20_000)
    expect(page.locator(".handoff")).to_be_visible()
    emergency = crisis.locator("a[href='tel:999']")
    expect(emergency).to_be_visible()
    assert _on_screen(page, ".crisis a[href='tel:999']"), "999 must be on screen at once"
    assert _on_screen(page, ".crisis h3")
    assert emergency.evaluate("(a) => getComputedStyle(a).backgroundColor") == ALARM_RED
    expect(page.locator(".who")).to_have_count(0)  # the card stands alone
    page.screenshot(path=str(SCREENSHOTS / "crisis-typed-first-375.png"))


def test_a_disclosure_shows_the_crisis_card_first_and_staff_replies_are_marked(
    browser, stack
) -> None:
    page = _open(browser, stack, "rowley-hills-academy", DESKTOP)
    _start(page, "I'm a pupil")
    _say(page, "my dad hits me with his belt when he's drunk")
    crisis = page.locator(".crisis")
    expect(crisis).to_be_visible(timeout=20_000)
    first_reply = page.locator(".msg.user + *").last
    expect(first_reply).to_have_class(re.compile(r"\bcrisis\b"))
    expect(crisis.locator("a[href='tel:08001111']")).to_be_visible()  # Childline
    expect(page.locator(".handoff")).to_be_visible()

    conversation = _latest_conversation(stack, "rowley-hills-academy")
    rasa = RasaClient(stack.rasa_url, stack.token)
    rasa.hold(conversation, "test", "Mr Okafor")
    rasa.send_staff_message(conversation, "Mr Okafor", "Hello, I'm here. Are you safe now?")
    staff = page.locator(".msg.staff")
    expect(staff).to_contain_text("Hello, I'm here. Are you safe now?", timeout=15_000)
    expect(staff).to_contain_text("Mr Okafor, from the school's team")
    page.screenshot(path=str(SCREENSHOTS / "crisis-1280.png"))


def test_a_check_in_asks_first_shows_the_contacts_and_a_yes_hands_off(
    browser, stack, detector
) -> None:
    page = _open(browser, stack, "bentilee-brook-primary", PHONE)
    _start(page, "I'm a pupil")
    _say(page, unsure_messages(detector)[0])
    card = page.locator(".check-in")
    expect(card).to_be_visible(timeout=20_000)
    expect(card).to_contain_text("Is someone hurting you")
    expect(card.locator("a[href='tel:08001111']")).to_be_visible()  # Childline, day and night
    page.screenshot(path=str(SCREENSHOTS / "check-in-375.png"))
    # The question comes first in its reply; the usual answer follows it.
    expect(page.locator(".msg.user + *").last).to_have_class(re.compile(r"\bcheck-in\b"))
    card.get_by_role("button", name="Yes").click()
    expect(page.locator(".crisis")).to_be_visible(timeout=20_000)
    expect(page.locator(".handoff")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "check-in-yes-375.png"))


def _latest_conversation(stack, school: str) -> str:
    path = make_url(stack.database_url).database
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT conversation_id FROM escalation WHERE school = ? ORDER BY created_at DESC",
            (school,),
        ).fetchone()
    return str(row[0])


def test_quick_exit_leaves_and_forgets_the_conversation(browser, stack) -> None:
    page = _open(browser, stack, "palfrey-park-primary", PHONE)
    # The neutral site lies outside this machine's network: answer for it locally.
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="Weather"))
    _start(page, "I'm a parent or carer")
    _say(page, "we can't pay the gas bill this month")
    expect(page.locator("article.service").first).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url("https://www.bbc.co.uk/**")
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    page.goto(f"http://localhost:{stack.web_port}/demo/palfrey-park-primary")
    page.get_by_role("button", name="Ask for help").click()
    expect(page.locator(".msg")).to_have_count(0)  # the next person starts afresh
    expect(page.get_by_role("button", name="I'm a parent or carer")).to_be_visible()


def test_the_whole_flow_by_keyboard(browser, stack) -> None:
    page = _open(browser, stack, "bentilee-brook-primary", DESKTOP)
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.id === 'signpost-widget'"):
            break
    page.keyboard.press("Enter")  # the launcher
    page.keyboard.press("Enter")  # "I'm a parent or carer", focused when the panel opens
    expect(page.get_by_label("Your message")).to_be_focused()
    page.keyboard.type("my son gets really anxious before school")
    page.keyboard.press("Enter")
    expect(page.locator("article.service").first).to_be_visible(timeout=20_000)
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Ask for help")).to_be_focused()


@pytest.mark.parametrize("size", SIZES, ids=[str(size["width"]) for size in SIZES])
def test_every_state_at_every_width_is_saved_to_look_at_and_passes_axe(
    browser, stack, detector, size
) -> None:
    """Start, who is writing, an asthma answer, after a postcode, a service opened, two
    follow-ups about the services listed (open on Saturday, their number), the school
    office, 999 advice, the crisis card after a disclosure, a staff reply, a careers
    question and a check-in: screenshots of each, and axe on each."""
    page = _open(browser, stack, "longton-kilns-academy", size, bypass_csp=True)
    _look(page, "start", size)
    page.get_by_role("button", name="Ask for help").click()
    _look(page, "who-is-writing", size)
    _say(page, "where can i get a new spacer for my daughter's inhaler")
    expect(page.locator("article.service").first).to_be_visible(timeout=20_000)
    expect(page.locator(".msg.bot").last).to_contain_text("postcode", timeout=10_000)
    _look(page, "asthma", size)
    page.locator(".log").evaluate("(log) => { log.scrollTop = log.scrollHeight; }")
    _look(page, "asthma-end", size)  # where "who is writing?" comes back
    page.locator(".who").get_by_role("button", name="I'm a parent or carer").click()
    _say(page, "ST3 7ZF")
    expect(page.locator(".services")).to_have_count(2, timeout=20_000)
    expect(page.locator(".msg.bot").last).to_contain_text(
        "Send a different postcode", timeout=10_000
    )
    _look(page, "postcode", size)
    page.locator("article.service .more-toggle").first.click()
    _look(page, "service-more", size)
    _say(page, "are any of those open on a saturday")
    expect(page.locator(".msg.bot").last).to_contain_text("Saturday", timeout=20_000)
    _look(page, "follow-up", size)
    _say(page, "what's the number for the first one")
    expect(page.locator(".services")).to_have_count(3, timeout=20_000)
    expect(page.locator(".services").last.locator("a[href^='tel:']").first).to_be_visible()
    _look(page, "follow-up-call", size)
    # (This test is about the card. "who do i ring to say my daughter has a dentist appointment
    # tomorrow morning" was read as the school office until a retraining on 2026-12-05 left it
    # at 0.36, below the fallback threshold: an NLU miss for issue 19, not the widget's.)
    _say(page, "my daughter has a dentist appointment tomorrow, how do i tell the school")
    expect(page.locator(".school-contact")).to_be_visible(timeout=20_000)
    office = page.locator(".school-contact")
    expect(office).to_contain_text("Longton Kilns Academy's office")
    expect(office.locator("a[href='tel:01632960012']")).to_be_visible()
    assert _on_screen(page, ".school-contact a[href^='tel:']"), "the office's number on screen"
    _look(page, "school-office", size)
    _say(page, "my son is having an asthma attack and his inhaler isnt helping")
    expect(page.locator(".emergency")).to_be_visible(timeout=20_000)
    assert _on_screen(page, ".emergency a[href='tel:999']"), "999 on screen at once"
    _look(page, "emergency", size)
    page.context.close()

    page = _open(browser, stack, "rowley-hills-academy", size, bypass_csp=True)
    page.get_by_role("button", name="Ask for help").click()
    _say(page, "my dad hits me with his belt when he's drunk")
    expect(page.locator(".handoff")).to_be_visible(timeout=20_000)
    assert _on_screen(page, ".crisis a[href='tel:999']"), "999 on screen at once"
    _look(page, "crisis", size)
    conversation = _latest_conversation(stack, "rowley-hills-academy")
    rasa = RasaClient(stack.rasa_url, stack.token)
    rasa.hold(conversation, "test", "Mr Okafor")
    rasa.send_staff_message(conversation, "Mr Okafor", "Hello, I'm here. Are you safe now?")
    expect(page.locator(".msg.staff")).to_be_visible(timeout=15_000)
    _look(page, "staff-reply", size)
    page.context.close()

    page = _open(browser, stack, "bentilee-brook-primary", size, bypass_csp=True)
    _start(page, "I'm a pupil")
    _say(page, "is there an nhs t level at college")
    expect(page.locator(".msg.bot").last).to_contain_text("careers adviser", timeout=20_000)
    _look(page, "careers-question", size)
    _say(page, unsure_messages(detector)[0])
    expect(page.locator(".check-in")).to_be_visible(timeout=20_000)
    _look(page, "check-in", size)
    page.context.close()


def test_a_dropped_connection_loses_and_doubles_nothing(browser, stack) -> None:
    """The widget's websocket is routed through Playwright, which can cut it and keep it cut;
    the widget must reconnect and send what was typed meanwhile exactly once."""
    page = browser.new_context(viewport=PHONE).new_page()
    link = {"up": True, "routes": []}

    def route(socket) -> None:  # type: ignore[no-untyped-def]
        if not link["up"]:
            socket.close()
            return
        socket.connect_to_server()
        link["routes"].append(socket)

    page.route_web_socket(re.compile(r".*/socket\.io/.*"), route)
    page.goto(f"http://localhost:{stack.web_port}/demo/pelsall-common-academy")
    _start(page, "I'm a parent or carer")
    _say(page, "we can't pay the gas bill this month")
    expect(page.locator("article.service").first).to_be_visible(timeout=20_000)

    link["up"] = False
    for socket in link["routes"]:
        socket.close()
    expect(page.get_by_role("status")).to_contain_text("Reconnecting", timeout=10_000)
    _say(page, "is there a food bank near here")
    expect(page.locator(".msg.user.pending")).to_have_count(1)  # marked as not sent yet

    link["up"] = True
    expect(page.locator(".msg.user.pending")).to_have_count(0, timeout=15_000)
    expect(page.locator(".services")).to_have_count(2, timeout=20_000)
    page.wait_for_timeout(2000)  # room for a double to arrive, if one were coming
    expect(page.locator(".services")).to_have_count(2)
    conversation = _tracker_texts(stack)
    assert conversation.count("is there a food bank near here") == 1


def _tracker_users(stack, school: str) -> list[dict]:
    """The user messages Rasa holds for the newest conversation at this school."""
    path = make_url(stack.database_url).database
    with sqlite3.connect(path) as db:
        sender = db.execute(
            "SELECT sender_id FROM events WHERE type_name = 'user' "
            "AND data LIKE ? ORDER BY timestamp DESC",
            (f"%{school}%",),
        ).fetchone()[0]
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
            (sender,),
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def _tracker_texts(stack) -> list[str]:
    return [user.get("text") for user in _tracker_users(stack, "pelsall-common-academy")]


@pytest.mark.parametrize(
    "size", [{"width": 320, "height": 640}, {"width": 640, "height": 450}], ids=["320px", "200%"]
)
def test_the_chat_fits_a_small_phone_and_a_page_zoomed_to_200_percent(browser, stack, size) -> None:
    """640 x 450 CSS pixels is what a 1280 x 900 window shows at 200% zoom."""
    page = _open(browser, stack, "greets-green-meadow-primary", size)
    _start(page, "I'm a pupil")
    _say(page, "how do i become a paramedic")
    expect(page.locator(".msg.bot").nth(1)).to_be_visible(timeout=20_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    for name in ("Quick exit", "Send"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= size["width"], name
        assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], name
