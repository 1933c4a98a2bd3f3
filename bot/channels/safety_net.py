"""The Rasa server's own answer to a disclosure when the action server fails it.

The hand-off (escalation, crisis card) is an action on the action server. If that server is
down or hung, Rasa logs the failure and the turn ends with no reply: the person who
disclosed gets nothing. So the channels check each turn when it ends: a message the detector
flagged, in a conversation not already handed off, whose reply holds no crisis card,
check-in or hand-off, gets the hand-off from here instead. The escalation is written first
(to the database, or the spool when that is down), then the reply goes out.

Rasa waits five minutes for an action by default; here an action has ACTION_TIMEOUT_S, so a
hung action server costs a disclosure seconds, not minutes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import rasa.core.actions.action
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage

from bot.safeguarding import turn_findings
from bot.safeguarding.detector import Finding
from bot.safeguarding.slots import HANDOFF_SLOT

logger = logging.getLogger(__name__)

# Our slowest action (a directory search with postcodes.io timing out at 2 s) takes ~3 s;
# a turn may call two actions (a check-in, then the answer), so two time-outs fit in 10 s.
ACTION_TIMEOUT_S = 4
# A reply that holds one of these has answered the risk.
ANSWERED = frozenset({"crisis_card", "check_in", "handoff"})


def shorten_action_timeout() -> None:
    """Rasa reads this module-level constant on every action call (rasa 3.6)."""
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = ACTION_TIMEOUT_S


def answered(messages: list[dict[str, Any]]) -> bool:
    return any(
        isinstance(m.get("custom"), dict) and m["custom"].get("type") in ANSWERED for m in messages
    )


async def unanswered_risk(
    agent: Agent | None,
    message_id: str,
    sender: str,
    text: str,
    messages: list[dict[str, Any]],
) -> Finding | None:
    """The finding of a flagged message whose turn ended without an answer to the risk, in a
    conversation staff do not already hold; None when all is as it should be. A turn that
    failed before the detector ran (the tracker store down) is scanned here."""
    if answered(messages):
        turn_findings.take(message_id)
        return None
    finding = turn_findings.take(message_id)
    if finding is None:
        finding = await asyncio.to_thread(_scan, text)
    if not finding.flagged:
        return None
    try:
        tracker = await agent.tracker_store.retrieve(sender) if agent is not None else None
    except Exception:  # the tracker store is down: hand off again rather than not at all
        logger.warning("tracker store unreachable while checking a flagged turn")
        tracker = None
    if tracker is not None and tracker.get_slot(HANDOFF_SLOT):
        return None  # handed off earlier: follow-ups are recorded, answered by staff
    return finding


@dataclass(frozen=True)
class Turn:
    """How a turn went: whether Rasa took it, and the hand-off the Rasa server made itself
    when the turn left a disclosure unanswered (None: it did not need to)."""

    taken: bool
    handoff: list[dict[str, Any]] | None


async def take_turn(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    message: UserMessage,
    text: str,
    agent: Agent | None,
    sent: list[dict[str, Any]],
    channel: str,
) -> Turn:
    """One turn through Rasa, as both channels run it: a turn that fails is logged (never its
    words) and reported as not taken; then a flagged message the reply (`sent`, filled as the
    turn runs) left unanswered is handed off from here."""
    taken = True
    try:
        await on_new_message(message)
    except Exception:  # what Rasa's channels do too, but never with the words
        logger.exception("a %s turn failed", channel)
        taken = False
    sender = str(message.sender_id)
    finding = await unanswered_risk(agent, message.message_id, sender, text, sent)
    if finding is None:
        return Turn(taken, None)
    metadata = message.metadata or {}
    return Turn(taken, await asyncio.to_thread(hand_off_here, finding, sender, text, metadata))


def _scan(text: str) -> Finding:
    from bot.runtime import runtime

    return runtime().detector.scan(text)


def hand_off_here(
    finding: Finding, sender: str, text: str, metadata: dict[str, Any]
) -> list[dict[str, Any]]:
    """The hand-off the action would have made, made by the Rasa server instead."""
    escalation_id, messages = start_handoff(finding, sender, text, metadata)
    logger.error(
        "SAFEGUARDING: the hand-off action failed; escalation %s written by the Rasa server",
        escalation_id,
    )
    return messages


def start_handoff(
    finding: Finding, sender: str, text: str, metadata: dict[str, Any]
) -> tuple[str, list[dict[str, Any]]]:
    """The hand-off as the action makes it: the escalation first (to the database, or the
    spool when that is down), then its id and the reply to send."""
    from bot.runtime import runtime

    school, audience = runtime().asker(metadata)
    escalation_id, reply = runtime().handoff.start(
        finding,
        conversation_id=sender,
        text=text,
        school=school,
        audience=audience,
        now=datetime.now(timezone.utc),
    )
    return escalation_id, reply.messages
