"""Rasa's REST channel, with the checks a request must pass and what a refused one gets.

Rasa 3.6's channel passes `metadata` and `message` on as they came: a `metadata` that was not
an object failed inside Rasa after the request was taken, and the person got `200 []`, no
crisis card and no escalation, while their words went to the error log. Here every request
is read by bot/channels/intake.py first: broken metadata counts as none (and the message goes
on to the detector as usual); a request that cannot be taken is refused with a 4xx and a
reason, after its words were scanned, so a refused disclosure still gets the crisis card.
A turn that fails inside Rasa (Redis or the database unreachable) is answered 503, or, when
its words show risk, with the hand-off from the Rasa server itself (the safety net).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.cards import card_with_text
from bot.channels.gate import Gate
from bot.channels.intake import NOT_TAKEN, read_body, refusal_body
from bot.channels.intake import Request as Incoming
from bot.channels.safety_net import shorten_action_timeout, take_turn
from bot.private_logs import install
from bot.proxies import client_address

logger = logging.getLogger(__name__)

# Rasa's streamed replies go out before the turn ends, so the safety net could not add the
# crisis card to them.
NO_STREAM = "stream=true is not offered: every reply is checked before it is sent"


class CardCollector(CollectingOutputChannel):
    """Rasa's REST collector, keeping a card and its text version as one message."""

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        card = card_with_text(message)
        if card is None:
            await super().send_response(recipient_id, message)
        else:
            await self._persist_message(self._message(recipient_id, **card))


class SignpostRestInput(RestInput):
    def __init__(self) -> None:
        self.gate = Gate()

    @classmethod
    def name(cls) -> str:
        return "rest"  # the same address as Rasa's own: /webhooks/rest/webhook

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's two routes, with the gate before a turn and the safety net after it."""
        shorten_action_timeout()
        install()  # the server's logging is complete now (Sanic's own handlers included)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            incoming, refused = await self.checked(request)
            if refused is not None:
                return refused
            assert incoming.sender is not None  # the gate refuses a request without one
            collector = CardCollector()
            message = UserMessage(
                incoming.text,
                collector,
                incoming.sender,
                input_channel=self._extract_input_channel(request),
                metadata=incoming.metadata,
            )
            agent = getattr(request.app.ctx, "agent", None)
            turn = await take_turn(
                on_new_message, message, incoming.text, agent, collector.messages, "REST"
            )
            if turn.handoff is not None:
                collector.messages.extend(turn.handoff)
            elif not turn.taken:
                status, reason = NOT_TAKEN
                return response.json(refusal_body(reason, collector.messages), status=status)
            return response.json(collector.messages)

        return webhook

    async def checked(self, request: Request) -> tuple[Incoming, HTTPResponse | None]:
        """The request as read, and a 4xx if it cannot be taken (None: take it)."""
        incoming = read_body(request.body)
        if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
            incoming.problems.insert(0, (400, NO_STREAM))
        address = client_address(request.ip, request.headers.get("x-forwarded-for"))
        problem = self.gate.problem(incoming, address)
        if problem is None:
            return incoming, None
        status, reason = problem
        # The scan (and an escalation's write) off the event loop: other turns go on.
        crisis = await asyncio.to_thread(self.gate.refuse, incoming, status, reason)
        if crisis is None:
            return incoming, None
        return incoming, response.json(refusal_body(reason, crisis), status=status)

    def _extract_input_channel(self, req: Request) -> str:
        channel = _body(req).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()


def _body(request: Request) -> dict[str, Any]:
    """The JSON body (refusal() has made sure it is an object)."""
    return request.json if isinstance(request.json, dict) else {}
