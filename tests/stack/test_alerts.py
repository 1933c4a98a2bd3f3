"""The whole path, as `make run` runs it: a pupil's disclosure over REST reaches the school's
safeguarding team by email within 30 seconds, with a link to the console and no words of
what the pupil wrote; the reply says honestly when the team will read it."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from bot.config import DATA_DIR
from bot.safeguarding.crisis import CrisisCards, crisis_path
from bot.schools import load_schools
from bot.team import TeamStatus, clock_time, spoken_opening
from tests.stack.conftest import Chat, customs, texts

DISCLOSURE = "my mums boyfriend punches me when hes drunk and i have bruises on my back"


def test_a_pupils_disclosure_emails_the_schools_team_within_30_seconds(stack, mailbox) -> None:
    school = load_schools(DATA_DIR)["pelsall-common-academy"]
    chat = Chat(stack, {"school": school.slug, "audience": "pupil"})
    said_at = datetime.now(timezone.utc)
    messages = chat.say(DISCLOSURE)
    started = time.monotonic()
    [handoff] = customs(messages, "handoff")
    escalation_id = handoff["escalation_id"]
    while not mailbox.for_escalation(escalation_id) and time.monotonic() - started < 30:
        time.sleep(0.2)
    [email] = mailbox.for_escalation(escalation_id)
    assert "pritchard@pelsall-common-academy.example.org" in email["To"]
    assert "Pelsall Common Academy" in email["Subject"]
    assert f"{stack.web_url.replace('127.0.0.1', 'localhost')}/console/escalations/" in (
        email.get_content()
    )
    raw = email.as_string().lower()
    for word in ("boyfriend", "punches", "drunk", "bruises"):
        assert word not in raw

    # The words after the card: what was true when the pupil wrote (nobody had the console
    # open here), from the crisis-contacts file.
    cards = CrisisCards.from_file(crisis_path(DATA_DIR))
    status = TeamStatus.at(school.hours, said_at, console_open=False)
    if status.closes_at is not None:
        expected = cards.handoff_text(
            "child", "in_hours", school=school.name, closes=clock_time(status.closes_at)
        )
    else:
        when = spoken_opening(status.next_opening, said_at)
        expected = cards.handoff_text("child", "out_of_hours", school=school.name, when=when)
    assert expected in texts(messages)
