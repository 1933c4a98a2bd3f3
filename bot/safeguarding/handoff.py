"""What the assistant does and says when a conversation is handed to the school's staff, and
when it checks in because the detector is unsure."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.replies import Reply
from bot.safeguarding.check_in import CheckInText
from bot.safeguarding.crisis import CrisisCards
from bot.safeguarding.detector import Finding
from bot.safeguarding.escalations import REVIEW, EscalationStore, NewEscalation
from bot.schools import School


def what_happens_next(school: School | None) -> str:
    if school is None:
        return (
            "I've saved what you told me, but I can't tell which school you're from, so please "
            "also tell a teacher or another adult you trust, or use one of the contacts above. "
            "You can keep writing here."
        )
    return (
        f"I've passed this conversation to the safeguarding team at {school.name}. They read "
        f"these messages {school.pastoral_hours}. Outside "
        "those times, or if you're in danger now, please use the contacts above. You can keep "
        "writing here: the team will see everything you write."
    )


HOLDING_TEXT = (
    "Thank you. I've added this for the school's safeguarding team to read. If you are in "
    "danger right now, call 999."
)
NEW_RISK_TEXT = "Thank you for telling me. I've added this for the school's safeguarding team."


class Handoff:
    def __init__(self, store: EscalationStore, cards: CrisisCards, check_in: CheckInText) -> None:
        self._store = store
        self._cards = cards
        self.check_in_text = check_in

    def crisis_messages(self, audience: str | None) -> list[dict[str, Any]]:
        card = CrisisCards.audience_for(audience)
        return [{"text": self._cards.text(card)}, {"custom": self._cards.payload(card)}]

    def start(
        self,
        finding: Finding,
        *,
        conversation_id: str,
        text: str,
        school: School | None,
        audience: str | None,
        now: datetime,
        review_id: str | None = None,
    ) -> tuple[str, Reply]:
        """Record the escalation first, then build the reply. Returns (escalation id, reply).

        With `review_id` (a check-in earlier in the conversation), that escalation becomes the
        hand-off and this message is added to it: staff see one case, from its first sign."""
        escalation = NewEscalation.from_finding(
            finding,
            conversation_id=conversation_id,
            school=school.slug if school else None,
            audience=audience,
            message=text,
            now=now,
        )
        if review_id:
            escalation.id = review_id
            self._store.promote(review_id, finding, text, now)  # before any reply goes out
        else:
            self._store.record(escalation)  # committed or spooled, before any reply goes out
        reply = Reply(self.crisis_messages(audience))
        reply.messages.append({"text": what_happens_next(school)})
        reply.messages.append(
            {
                "custom": {
                    "type": "handoff",
                    "escalation_id": escalation.id,
                    "categories": escalation.categories,
                    "severity": escalation.severity,
                }
            }
        )
        return escalation.id, reply

    def check_in(
        self,
        finding: Finding,
        *,
        conversation_id: str,
        text: str,
        school: School | None,
        audience: str | None,
        now: datetime,
    ) -> tuple[str, Reply]:
        """Record a review for staff, then ask the fixed question with the 24-hour contacts.
        The assistant answers the person's question after this, as usual."""
        escalation = NewEscalation.from_finding(
            finding,
            conversation_id=conversation_id,
            school=school.slug if school else None,
            audience=audience,
            message=text,
            now=now,
            status=REVIEW,
        )
        self._store.record(escalation)  # committed or spooled, before any reply goes out
        card = CrisisCards.audience_for(audience)
        messages = self.check_in_text.messages(
            self._cards, card, escalation.id, escalation.categories
        )
        return escalation.id, Reply(messages)

    def check_in_declined(
        self, review_id: str, finding: Finding, *, text: str, now: datetime
    ) -> Reply:
        """A no to the check-in: staff still review it, and see the answer beside it."""
        self._store.record_follow_up(review_id, text, finding, now)
        return Reply([{"text": self.check_in_text.declined}])

    def hold(
        self,
        escalation_id: str,
        finding: Finding,
        *,
        text: str,
        audience: str | None,
        now: datetime,
        staff_present: bool = False,
    ) -> Reply:
        """A message after the hand-off: recorded against the escalation, never answered by
        the bot; new risk brings the crisis card again. While a staff member holds the
        conversation the bot says nothing else: the person is talking to them."""
        self._store.record_follow_up(escalation_id, text, finding, now)
        if finding.concern:
            return Reply([{"text": NEW_RISK_TEXT}, *self.crisis_messages(audience)])
        if staff_present:
            return Reply([])
        return Reply([{"text": HOLDING_TEXT}])
