"""Rasa's REST channel, reading what a client sends the way the safeguarding detector needs it.

Rasa 3.6's channel passes `metadata` and `message` on as they came. A `metadata` that is not
an object (the string "x", a list) then failed inside Rasa after the request was taken: the
person got `200 []`, no crisis card and no escalation, and their words went to the error log.
Here any `metadata` that is not an object counts as none, and a `message` that is not text is
read as text, so every message reaches the detector before anything else answers it.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic.request import Request


def as_metadata(value: Any) -> dict[str, Any]:
    """The request's metadata if it is an object; otherwise none."""
    return value if isinstance(value, dict) else {}


def as_text(value: Any) -> str:
    """The message as text: a string as it is, nothing as empty, anything else as JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)


class SignpostRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"  # the same address as Rasa's own: /webhooks/rest/webhook

    def get_metadata(self, request: Request) -> dict[str, Any]:
        return as_metadata(_body(request).get("metadata"))

    def _extract_message(self, req: Request) -> str:
        return as_text(_body(req).get("message"))

    async def _extract_sender(self, req: Request) -> str | None:
        sender = _body(req).get("sender")
        return None if sender is None else as_text(sender)

    def _extract_input_channel(self, req: Request) -> str:
        channel = _body(req).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()


def _body(request: Request) -> dict[str, Any]:
    """The JSON body if it is an object (`[1, 2, 3]` and `null` are read as empty)."""
    return request.json if isinstance(request.json, dict) else {}
