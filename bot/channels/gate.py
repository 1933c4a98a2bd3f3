"""The gate every incoming message passes, on the REST and socket.io channels alike: the
checks of bot/channels/intake.py, the rate limits, and what a refused message that shows
risk still gets."""

from __future__ import annotations

import logging
from typing import Any

from bot.channels.intake import Request as Incoming
from bot.channels.rate_limit import ADDRESS_RATE, CONVERSATION_RATE, Rate, RateLimiter
from bot.channels.safety_net import start_handoff
from bot.config import Settings
from bot.private_logs import install, remember_text

logger = logging.getLogger(__name__)

TOO_FAST = "too many messages: wait a few seconds and send it again"


class Gate:
    def __init__(self) -> None:
        # The channels are made once the server's logging is set up: the moment to make
        # sure no handler writes what people typed.
        install()
        settings = Settings.from_env()
        self.conversations = RateLimiter(
            Rate.parse(settings.conversation_rate or CONVERSATION_RATE)
        )
        self.addresses = RateLimiter(Rate.parse(settings.address_rate or ADDRESS_RATE))

    def problem(self, incoming: Incoming, address: str) -> tuple[int, str] | None:
        """Why this message cannot be taken (status, reason), or None to take it."""
        remember_text(incoming.text)  # cut out of any log line from here on
        if incoming.refusal is not None:
            return incoming.refusal
        conversation_ok = self.conversations.allow(str(incoming.sender))
        if not (self.addresses.allow(address) and conversation_ok):
            return (429, TOO_FAST)
        return None

    def refuse(self, incoming: Incoming, status: int, reason: str) -> list[dict[str, Any]] | None:
        """What a refused message gets: its crisis reply when the words show risk (see
        refused_disclosure), else nothing. None: take it after all (a message that shows
        risk is never turned away for coming too fast)."""
        crisis = refused_disclosure(incoming, status)
        if status == 429 and crisis:
            return None
        # Never the words: the status and the reason are enough to follow it up.
        logger.warning("message refused with %s: %s", status, reason)
        return crisis


def refused_disclosure(incoming: Incoming, status: int) -> list[dict[str, Any]]:
    """Scan a refused message. When it shows risk and it was refused for its size, with a
    conversation to hand off, the escalation is written as the assistant would and its
    hand-off reply returned; otherwise the crisis card alone. Empty when there is no risk."""
    # Imported here: the detector and the database load once, when first needed.
    from bot.runtime import runtime

    if not incoming.text.strip():
        return []
    finding = runtime().detector.scan(incoming.text)
    if not finding.flagged:
        return []
    if status == 413 and incoming.sender is not None:
        _id, messages = start_handoff(finding, incoming.sender, incoming.text, incoming.metadata)
        return messages
    school, audience = runtime().asker(incoming.metadata)
    return runtime().handoff.crisis_messages(audience, school)
