"""The check-in through the real REST channel: when the detector is unsure, the assistant asks
its fixed question with the 24-hour contacts, records a review for staff, and still answers;
a yes or a second sign of risk hands the conversation off; a no is recorded and the
conversation goes on."""

from __future__ import annotations

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.safeguarding.classifier import Level
from bot.safeguarding.detector import Detector
from tests.stack.conftest import Chat, customs, texts
from tests.stack.test_safeguarding import escalations, follow_ups

pytestmark = pytest.mark.servers
# Development sets only (never the held-out one): messages the detector is unsure about.
DEVELOPMENT_SETS = ("corpus.yml", "unseen.yml", "held_out.yml")
# Well inside the check-in band, so the server's float arithmetic cannot tip them over.
MARGIN = 0.02


def unsure_messages(detector: Detector) -> list[str]:
    """Disclosures from the development sets that the classifier alone is unsure about."""
    pool = []
    for name in DEVELOPMENT_SETS:
        data = yaml.safe_load((PROJECT_ROOT / "tests" / "safeguarding" / name).read_text())
        pool += [item["text"] for item in data["concerns"] if len(item["text"].split()) < 40]
    thresholds = detector.classifier.thresholds
    chosen = [
        text
        for text, finding, assessment in zip(
            pool, detector.scan_many(pool), detector.classifier.assess(pool), strict=True
        )
        if finding.level == Level.CHECK_IN
        and all(m.term == "classifier" for m in finding.matches)
        and thresholds.check_in + MARGIN < assessment.chance < thresholds.handoff - MARGIN
    ]
    assert len(chosen) >= 4, "too few unsure messages in the development sets to test with"
    return chosen


@pytest.fixture(scope="module")
def unsure(detector: Detector) -> list[str]:
    return unsure_messages(detector)


def check_in(chat: Chat, message: str) -> tuple[dict, list[dict]]:
    replies = chat.say(message)
    [card] = customs(replies, "check_in")
    assert not customs(replies, "handoff") and not customs(replies, "crisis_card")
    return card, replies


def test_an_unsure_message_gets_the_check_in_first_and_still_an_answer(stack, unsure) -> None:
    chat = Chat(stack, {"school": "palfrey-park-primary", "audience": "pupil"})
    card, replies = check_in(chat, unsure[0])
    assert card["question"].startswith("Can I check something with you?")
    assert {c["id"] for c in card["contacts"]} >= {"childline", "emergency"}
    # The question and its card come first; then the assistant's usual answer.
    first_custom = next(i for i, m in enumerate(replies) if m.get("custom"))
    assert replies[first_custom]["custom"]["type"] == "check_in"
    assert len(replies) > first_custom + 1, "the question is answered too"
    [row] = escalations(stack, chat.sender)
    assert row["id"] == card["escalation_id"] and row["status"] == "review"
    assert row["school"] == "palfrey-park-primary" and row["message"] == unsure[0]

    # The conversation goes on as usual; the review waits for staff.
    later = chat.say("where can i get help with asthma")
    assert customs(later, "services") and not customs(later, "check_in")
    assert escalations(stack, chat.sender)[0]["status"] == "review"


def test_a_yes_hands_the_conversation_off_under_the_same_escalation(stack, unsure) -> None:
    chat = Chat(stack, {"school": "rowley-hills-academy", "audience": "pupil"})
    card, _ = check_in(chat, unsure[1])
    replies = chat.say("Yes")
    [handoff] = customs(replies, "handoff")
    assert customs(replies, "crisis_card")
    assert handoff["escalation_id"] == card["escalation_id"]
    [row] = escalations(stack, chat.sender)
    assert row["status"] == "new"
    assert follow_ups(stack, row["id"]) == ["Yes"]
    held = chat.say("where is the food bank")
    assert not customs(held, "services"), "handed off: no directory answers now"


def test_a_second_unsure_message_hands_off(stack, unsure) -> None:
    chat = Chat(stack, {"audience": "parent"})
    card, _ = check_in(chat, unsure[2])
    replies = chat.say(unsure[3])
    [handoff] = customs(replies, "handoff")
    assert handoff["escalation_id"] == card["escalation_id"]
    [crisis] = customs(replies, "crisis_card")
    assert crisis["audience"] == "adult"
    [row] = escalations(stack, chat.sender)
    assert row["status"] == "new" and follow_ups(stack, row["id"]) == [unsure[3]]


def test_a_no_is_recorded_for_staff_and_the_review_stays(stack, unsure) -> None:
    chat = Chat(stack, {"audience": "pupil"})
    card, _ = check_in(chat, unsure[0])
    replies = chat.say("No, I'm OK")
    assert "If anything changes" in texts(replies)
    assert not customs(replies, "handoff") and not customs(replies, "check_in")
    [row] = escalations(stack, chat.sender)
    assert row["status"] == "review" and follow_ups(stack, row["id"]) == ["No, I'm OK"]
    # Every message is in the record once, in order: the check-in's revert hides nothing.
    assert chat.user_texts() == [unsure[0], "No, I'm OK"]
    assert card["escalation_id"] == row["id"]
