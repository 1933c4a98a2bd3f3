"""What the assistant does and says when a conversation is handed to the school's staff, and
when it checks in because the detector is unsure."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.replies import Reply
from bot.safeguarding.check_in import CheckInText
from bot.safeguarding.crisis import CrisisCards
from bot.safeguarding.detector import Finding
from bot.safeguarding.escalations import REVIEW, EscalationStore, NewEscalation
from bot.schools import School
from bot.team import TeamStatus, clock_time, spoken_opening

log = logging.getLogger(__name__)


# When the school's team will read a hand-off: given by the runtime (hours and who has the
# console open); without it, the school's hours alone.
TeamStatusOf = Callable[[School, datetime], TeamStatus]


def what_happens_next(
    cards: CrisisCards,
    audience: str,
    school: School | None,
    status: TeamStatus | None,
    now: datetime,
) -> str:
    """Only what is true now, in the words of the crisis-contacts file."""
    if school is None or status is None:
        return cards.handoff_text(audience, "no_school")
    if status.reading_now:
        return cards.handoff_text(audience, "reading_now", school=school.name)
    if status.closes_at is not None:
        return cards.handoff_text(
            audience, "in_hours", school=school.name, closes=clock_time(status.closes_at)
        )
    return cards.handoff_text(
        audience, "out_of_hours", school=school.name,
        when=spoken_opening(status.next_opening, now),
    )  # fmt: skip


HOLDING_TEXT = (
    "Thank you. I've added this for the school's safeguarding team to read. If you are in "
    "danger right now, call 999."
)
NEW_RISK_TEXT = "Thank you for telling me. I've added this for the school's safeguarding team."


class Handoff:
    def __init__(
        self,
        store: EscalationStore,
        cards: CrisisCards,
        check_in: CheckInText,
        team_status: TeamStatusOf | None = None,
    ) -> None:
        self._store = store
        self._cards = cards
        self.check_in_text = check_in
        self._team_status = team_status

    def team_status(self, school: School, now: datetime) -> TeamStatus:
        """Whether anyone is reading, from the console's presence; if that cannot be read
        (the database is down), the school's hours alone: never "reading now" unless known."""
        if self._team_status is not None:
            try:
                return self._team_status(school, now)
            except Exception as error:  # noqa: BLE001  the reply must still go out
                log.error("team status unknown for %s (%s)", school.slug, type(error).__name__)
        return TeamStatus.at(school.hours, now, console_open=False)

    def crisis_messages(
        self, audience: str | None, school: School | None = None
    ) -> list[dict[str, Any]]:
        """The crisis card, as text and as a card; a parent's names the school's council."""
        card = CrisisCards.audience_for(audience)
        local = school.children_services if school else ()
        return [
            {"text": self._cards.text(card, local)},
            {"custom": self._cards.payload(card, local)},
        ]

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
        reply = Reply(self.crisis_messages(audience, school))
        status = self.team_status(school, now) if school else None
        card = CrisisCards.audience_for(audience)
        reply.messages.append({"text": what_happens_next(self._cards, card, school, status, now)})
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
        school: School | None = None,
    ) -> Reply:
        """A message after the hand-off: recorded against the escalation, never answered by
        the bot; new risk brings the crisis card again. While a staff member holds the
        conversation the bot says nothing else: the person is talking to them."""
        self._store.record_follow_up(escalation_id, text, finding, now)
        if finding.concern:
            return Reply([{"text": NEW_RISK_TEXT}, *self.crisis_messages(audience, school)])
        if staff_present:
            return Reply([])
        return Reply([{"text": HOLDING_TEXT}])
