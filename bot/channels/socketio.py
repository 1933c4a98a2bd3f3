"""Rasa's socket.io channel with two fixes for python-socketio 5.10+ (Rasa 3.6 ships both bugs).

1. `session_request` calls `sio.enter_room` without awaiting it; in python-socketio 5.10+ that
   is a coroutine, so the socket never joins its session's room and no reply (and no message
   pushed by staff) reaches a persistent session.
2. `send_custom_json` passes the custom dict as keyword arguments to `emit`, so any payload
   with a `type` key fails. We emit `{"custom": {...}}`, which the widget reads.

A card with its text version (a services list) goes as one event, `{"text", "custom"}`:
see bot/channels/cards.py.

With REDIS_URL set (several Rasa servers behind a load balancer), the socket.io server sends
through python-socketio's Redis message queue, so a message for a chat window connected to
one server (a staff reply that the console posted to another) still reaches it.

Every message passes the same gate as on REST (bot/channels/gate.py): a limit on its size
(socket.io refuses bigger packets before reading them) and on messages a second. A message
is never dropped: one without a session id is answered in the socket's own session, and a
refused one is told why, with the crisis card when its words show risk. A turn that fails
inside Rasa (Redis or the database unreachable) is told to send again, or handed off.

With Redis down, python-socketio still delivers to the windows connected to this server
(it handles an emit here before publishing it), so replies and crisis cards still arrive;
only a staff reply posted through another server cannot reach them until Redis is back.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint
from socketio import AsyncRedisManager, AsyncServer

from bot.channels.cards import card_with_text
from bot.channels.gate import Gate
from bot.channels.intake import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, NOT_TAKEN, read_fields
from bot.channels.safety_net import shorten_action_timeout, take_turn
from bot.config import Settings
from bot.proxies import client_address

logger = logging.getLogger(__name__)

# What the person reads when the gate refuses a message (the REST channel answers 413 or 429).
REFUSED_TEXT = {
    400: "I could not read that message. Please reload the page and try again.",
    413: f"That message is longer than I can read (at most {MAX_MESSAGE_CHARS:,} characters). "
    "Could you send it in shorter parts?",
    429: "You are sending messages faster than I can answer. "
    "Please wait a few seconds and send that again.",
    NOT_TAKEN[0]: "Sorry, I could not take that message just now. "
    "Please send it again in a moment.",
}

# Every Rasa server of one deployment publishes and listens on this Redis channel.
REDIS_CHANNEL = "signpost-socketio"


def share_through_redis(sio: AsyncServer, redis_url: str) -> None:
    """Swap the server's in-process client manager for the Redis one. Rasa builds the
    AsyncServer itself; the manager starts listening at the first connection, so swapping it
    before any client connects is the same as passing it to the constructor."""
    manager = AsyncRedisManager(redis_url, channel=REDIS_CHANNEL)
    manager.set_server(sio)
    sio.manager = manager


class SignpostSocketIOOutput(SocketIOOutput):
    def __init__(self, sio: AsyncServer, bot_message_evt: str) -> None:
        super().__init__(sio, bot_message_evt)
        self.sent: list[dict[str, Any]] = []  # this turn's messages, for the safety net

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.sent.append(response)
        await super()._send_message(socket_id, response)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, {"custom": json_message})

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        card = card_with_text(message)  # one event: the widget draws the card, once
        if card is None:
            await super().send_response(recipient_id, message)
        else:
            await self._send_message(recipient_id, card)


class SignpostSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return None
        return SignpostSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        assert isinstance(webhook, SocketBlueprint) and self.sio is not None
        sio = self.sio
        # Bigger packets are refused before they are read, as REST bodies are.
        sio.eio.max_http_buffer_size = MAX_BODY_BYTES
        shorten_action_timeout()
        self.gate = Gate()
        # Rasa leaves cross-origin checks off; only the schools' pages may open a socket.
        settings = Settings.from_env()
        if settings.widget_origins:
            sio.eio.cors_allowed_origins = list(settings.widget_origins)
        if settings.redis_url:
            share_through_redis(sio, settings.redis_url)

        # Registering a handler again for the same event replaces Rasa's.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            data = data or {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"])
            await sio.emit("session_confirm", data["session_id"], room=sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {"message": data}
            # Rasa's channel dropped a message without a session id; we answer it in the
            # socket's own session, so nothing anyone sends is lost.
            sender_id = (self.session_persistence and data.get("session_id")) or sid
            metadata = data.get(self.metadata_key)
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except json.JSONDecodeError:
                    metadata = None
            incoming = read_fields(str(sender_id), data.get("message"), metadata)
            output = SignpostSocketIOOutput(sio, self.bot_message_evt)
            problem = self.gate.problem(incoming, socket_address(sio, sid))
            if problem is not None:
                crisis = await asyncio.to_thread(self.gate.refuse, incoming, *problem)
                if crisis is not None:
                    await send_refusal(output, incoming.sender or sid, problem[0], crisis)
                    return
            message = UserMessage(
                incoming.text,
                output,
                incoming.sender,
                input_channel=self.name(),
                metadata=incoming.metadata,
            )
            sender = str(incoming.sender)
            turn = await take_turn(
                on_new_message, message, incoming.text, socket_agent(sio, sid), output.sent,
                "socket.io",
            )  # fmt: skip
            if turn.handoff is not None:
                await send_refusal(output, sender, None, turn.handoff)
            elif not turn.taken:  # the person is told, rather than left waiting
                await send_refusal(output, sender, NOT_TAKEN[0], [])

        return webhook


def socket_address(sio: AsyncServer, sid: str) -> str:
    """The client's address for the per-address limit (behind trusted proxies, theirs)."""
    environ = sio.get_environ(sid) or {}
    # engine.io's Sanic driver writes 127.0.0.1 as REMOTE_ADDR; the request knows better.
    request = environ.get("sanic.request")
    remote = getattr(request, "ip", None) or environ.get("REMOTE_ADDR") or sid
    return client_address(remote, environ.get("HTTP_X_FORWARDED_FOR"))


def socket_agent(sio: AsyncServer, sid: str) -> Agent | None:
    """The Rasa agent of the server this socket is on (for the conversation's slots)."""
    request = (sio.get_environ(sid) or {}).get("sanic.request")
    if request is None:
        return None
    return getattr(request.app.ctx, "agent", None)


async def send_refusal(
    output: SignpostSocketIOOutput,
    recipient: str,
    status: int | None,
    crisis: list[dict[str, Any]],
) -> None:
    """Why a message was refused (status), then the crisis reply, if any."""
    if status is not None:
        await output.send_text_message(recipient, REFUSED_TEXT[status])
    for message in crisis:
        if "custom" in message:
            await output.send_custom_json(recipient, message["custom"])
        elif "text" in message:
            await output.send_text_message(recipient, message["text"])
