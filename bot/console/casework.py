"""What staff do with an escalation: claim, reply, hand back, note, resolve. Each step is
written to the audit log in the same transaction as the change it records."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy.orm import Session

from bot.console import audit
from bot.console.case import Case
from bot.console.models import EscalationNote, StaffAccount, StaffReply
from bot.console.rasa_api import RasaClient, RasaUnavailable
from bot.safeguarding.lexicon import CATEGORIES

log = logging.getLogger(__name__)

OUTCOMES = {
    "social_care": "Referred to children's social care",
    "early_help": "Early help",
    "police": "Referred to the police",
    "monitoring": "Monitoring in school",
    "no_further_action": "No further action",
}
MAX_TEXT = 4000
NO_OUTCOME_NOTE = "Write an outcome note: what was decided and why. Nothing has been resolved."


class CaseworkError(ValueError):
    """Something staff asked for that cannot be done; the message says why."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _text(value: str, missing: str = "Write something first.") -> str:
    value = value.strip()
    if not value:
        raise CaseworkError(missing)
    if len(value) > MAX_TEXT:
        raise CaseworkError(f"Keep it under {MAX_TEXT} characters.")
    return value


def _reach(call: Callable[[], None]) -> None:
    """Run a call to Rasa; if Rasa cannot be reached, tell staff to try again."""
    try:
        call()
    except RasaUnavailable as error:
        raise CaseworkError("The assistant could not be reached; try again.") from error


def claim(
    session: Session,
    rasa: RasaClient,
    account: StaffAccount,
    case: Case,
    *,
    take_over: bool = False,
) -> None:
    """Take the conversation: the bot goes quiet and replies come from this member of staff.
    A case someone else holds is taken over only when asked in so many words (`take_over`),
    and the audit says whose it was."""
    if case.status == "resolved":
        raise CaseworkError("This escalation is resolved.")
    holder = case.claimed_by if case.status == "claimed" else None
    if holder == account.id:
        return
    if holder is not None and not take_over:
        raise CaseworkError(
            "Someone else is talking to this person. Confirm to take the conversation over."
        )
    _reach(lambda: rasa.hold(case.conversation_id, case.id, account.name))
    work = case.casework()
    work.state = "claimed"
    work.claimed_by = account.id
    # The first claim's time stays through a take-over: it is when a person first reached
    # the child, which the console measures (bot/alerts/waits.py).
    work.claimed_at = work.claimed_at or _now()
    session.add(work)
    if holder is None:
        audit.record(session, account, "claim", escalation=case)
    else:
        audit.record(session, account, "take_over", escalation=case, detail={"from": holder})


def reply(
    session: Session, rasa: RasaClient, account: StaffAccount, case: Case, text: str
) -> StaffReply:
    text = _text(text)
    if case.status != "claimed" or case.claimed_by != account.id:
        raise CaseworkError("Claim the conversation before you reply.")
    delivered = True
    try:
        rasa.send_staff_message(case.conversation_id, account.name, text)
    except RasaUnavailable:
        delivered = False
        log.error("staff reply to escalation %s not delivered: Rasa unreachable", case.id)
    message = StaffReply(
        escalation_id=case.id, author_id=account.id, text=text, at=_now(), delivered=delivered
    )
    session.add(message)
    session.flush()
    audit.record(
        session, account, "reply", escalation=case,
        detail={"reply_id": message.id, "delivered": delivered},
    )  # fmt: skip
    if not delivered:
        raise CaseworkError("Saved, but the assistant could not be reached to deliver it.")
    return message


def hand_back(session: Session, rasa: RasaClient, account: StaffAccount, case: Case) -> None:
    _reach(lambda: rasa.hand_back(case.conversation_id))
    audit.record(session, account, "hand_back", escalation=case)


def add_note(session: Session, account: StaffAccount, case: Case, text: str) -> None:
    note = EscalationNote(escalation_id=case.id, author_id=account.id, text=_text(text), at=_now())
    session.add(note)
    session.flush()
    audit.record(session, account, "note", escalation=case, detail={"note_id": note.id})


def resolve(
    session: Session,
    rasa: RasaClient,
    account: StaffAccount,
    case: Case,
    outcome: str,
    categories: list[str],
    note: str,
) -> None:
    """Close the case with its outcome, the categories as the DSL confirms them, and a note
    of what was decided and why: a safeguarding record is no use with an outcome alone.
    Everything is checked before anything changes, Rasa included."""
    if outcome not in OUTCOMES:
        raise CaseworkError("Choose an outcome. Nothing has been resolved.")
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown or not categories:
        raise CaseworkError(
            "Confirm at least one category from the list. Nothing has been resolved."
        )
    note = _text(note, NO_OUTCOME_NOTE)
    if case.status == "resolved":
        raise CaseworkError("This escalation is already resolved.")
    if case.status == "claimed":
        # Nobody is left holding a conversation whose case is closed.
        _reach(lambda: rasa.hand_back(case.conversation_id))
    work = case.casework()
    work.state = "resolved"
    work.outcome = outcome
    work.confirmed_categories = sorted(set(categories))
    work.outcome_note = note
    work.resolved_by = account.id
    work.resolved_at = _now()
    session.add(work)
    audit.record(
        session, account, "resolve", escalation=case,
        detail={"outcome": outcome, "categories": work.confirmed_categories},
    )  # fmt: skip
