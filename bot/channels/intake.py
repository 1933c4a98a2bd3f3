"""What a REST request must be before the assistant takes it, and what a refused one gets.

A request is refused with a 4xx and a reason (never `200 []`): a body that is not a JSON
object, no sender id (without one, every such client would share the conversation
"default"), a message over MAX_MESSAGE_CHARS, or too many messages too fast. The words of a
refused message are still scanned first: when they show risk, the refusal carries the crisis
card, and where there is a conversation to hand off (a sender id), the escalation is written
as well. Nothing here lets a disclosure go unanswered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# The widget lets a person type 2,000 characters; five times that leaves room for a pasted
# letter from an API client, and nothing longer reaches the language model.
MAX_MESSAGE_CHARS = 10_000
# Refused by Sanic (SANIC_REQUEST_MAX_SIZE) and nginx before the body is read or parsed:
# a message at the limit, escaped as JSON in the worst case, with its metadata.
MAX_BODY_BYTES = 64 * 1024
# Rasa's tracker store keeps sender ids in a 255-character column.
MAX_SENDER_CHARS = 255
# A turn the servers could not take: the lock store (Redis) or the tracker store unreachable.
# Nothing of it was kept, so the client is told to send it again rather than answered `[]`.
NOT_TAKEN = (503, "the assistant could not take this message just now: send it again shortly")


@dataclass
class Request:
    """The parts of a REST body the assistant reads, as they came."""

    sender: str | None
    text: str
    metadata: dict[str, Any]
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def refusal(self) -> tuple[int, str] | None:
        """The first reason to refuse this request (status, reason), or None to take it."""
        return self.problems[0] if self.problems else None


def as_metadata(value: Any) -> dict[str, Any]:
    """The request's metadata if it is an object; otherwise none (and the message is still
    read and scanned: broken metadata must not make a disclosure vanish)."""
    return value if isinstance(value, dict) else {}


def as_text(value: Any) -> str:
    """The message as text: a string as it is, nothing as empty, anything else as JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)


def read_body(raw: bytes) -> Request:
    """The request in a REST body, with the reasons (if any) to refuse it."""
    try:
        body = json.loads(raw or b"")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return Request(None, "", {}, [(400, "the body must be a JSON object")])
    if not isinstance(body, dict):
        return Request(None, "", {}, [(400, "the body must be a JSON object, not a list")])
    return read_fields(body.get("sender"), body.get("message"), body.get("metadata"))


def read_fields(sender: Any, message: Any, metadata: Any) -> Request:
    """A message from its parts as a client sent them, with the reasons to refuse it."""
    request = Request(
        sender=sender.strip() if isinstance(sender, str) and sender.strip() else None,
        text=as_text(message),
        metadata=as_metadata(metadata),
    )
    if request.sender is None:
        request.problems.append((400, "a sender id is needed: one id per conversation, as text"))
    elif len(request.sender) > MAX_SENDER_CHARS:
        request.problems.append(
            (400, f"the sender id is too long (at most {MAX_SENDER_CHARS} characters)")
        )
    if len(request.text) > MAX_MESSAGE_CHARS:
        request.problems.append(
            (413, f"the message is too long (at most {MAX_MESSAGE_CHARS:,} characters)")
        )
    return request


def refusal_body(reason: str, crisis: list[dict[str, Any]]) -> dict[str, Any]:
    """What a refused client reads: why, and (when the words showed risk) the crisis card in
    the same shape as the assistant's own replies."""
    return {"error": reason, "messages": crisis}
