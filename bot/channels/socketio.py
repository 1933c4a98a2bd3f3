"""Rasa's socket.io channel with two fixes for python-socketio 5.10+ (Rasa 3.6 ships both bugs).

1. `session_request` calls `sio.enter_room` without awaiting it; in python-socketio 5.10+ that
   is a coroutine, so the socket never joins its session's room and no reply (and no message
   pushed by staff) reaches a persistent session.
2. `send_custom_json` passes the custom dict as keyword arguments to `emit`, so any payload
   with a `type` key fails. We emit `{"custom": {...}}`, which the widget reads.

With REDIS_URL set (several Rasa servers behind a load balancer), the socket.io server sends
through python-socketio's Redis message queue, so a message for a chat window connected to
one server (a staff reply that the console posted to another) still reaches it.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint
from socketio import AsyncRedisManager, AsyncServer

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
    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


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
        # Rasa leaves cross-origin checks off; only the schools' pages may open a socket.
        origins = [o for o in os.environ.get("SIGNPOST_WIDGET_ORIGINS", "").split(",") if o]
        if origins:
            sio.eio.cors_allowed_origins = origins
        if os.environ.get("REDIS_URL"):
            share_through_redis(sio, os.environ["REDIS_URL"])

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
        async def handle_message(sid: str, data: dict[str, Any]) -> None:
            if self.session_persistence:
                if not data.get("session_id"):
                    return  # Rasa's channel also drops these: no session, no conversation.
                sender_id = data["session_id"]
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            await on_new_message(
                UserMessage(
                    data.get("message", ""),
                    SignpostSocketIOOutput(sio, self.bot_message_evt),
                    sender_id,
                    input_channel=self.name(),
                    metadata=metadata,
                )
            )

        return webhook
