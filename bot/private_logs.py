"""Logs never carry what people wrote: a filter on every handler of a server's loggers.

What people type reaches logs three ways, and the filter closes each:
- Rasa's structured events (JSON lines) name the words under keys such as `text`, `message`
  or `tracker_latest_message`; those values are removed, as are tracebacks' local variables.
- An exception's message may quote the words (a JSON error quotes the body); tracebacks keep
  the exception's type and the code's frames, never its message.
- Anything else: the channels remember the messages in flight (remember_text), and every log
  line has them cut out.

install() puts the filter on every handler that exists when it is called; each server calls
it once its logging is set up (the Rasa server when it registers its channels, the action
server when it loads the actions, the console when the app is made).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import traceback
from collections import OrderedDict
from types import TracebackType
from typing import Any

REMOVED = "[removed]"
# Rasa's own list of keys that can hold what a person wrote (rasa/utils/log_utils.py), and
# the traceback parts that can quote it.
TEXT_KEYS = frozenset(
    {
        "text", "response_text", "user_text", "slot_values", "parse_data_text",
        "parse_data_entities", "prediction_events", "tracker_latest_message",
        "prefilled_slots", "message", "response", "slot_candidates", "rasa_event",
        "rasa_events", "tracker_states", "current_states", "old_states", "successes",
        "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
        "json_message", "exc_value", "locals", "metadata",
    }
)  # fmt: skip
# Shorter texts ("hi", "ok") would cut ordinary words out of every log line.
MIN_REMEMBERED = 4
REMEMBERED = 2_000

_in_flight: OrderedDict[str, None] = OrderedDict()
_lock = threading.Lock()


def remember_text(text: str) -> None:
    """A message that has just arrived, to be cut out of any log line that quotes it."""
    text = text.strip()
    if len(text) < MIN_REMEMBERED:
        return
    with _lock:
        _in_flight.pop(text, None)
        _in_flight[text] = None
        while len(_in_flight) > REMEMBERED:
            _in_flight.popitem(last=False)


def _scrubbed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: REMOVED if k in TEXT_KEYS else _scrubbed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item) for item in value]
    return value


# A request's address logged whole carries its token (Rasa's API, the action server's calls).
TOKEN_IN_URL = re.compile(r"(token=)[^&\s'\"]+")


def redact(line: str) -> str:
    """A log line without the words people wrote (nor a token in an address)."""
    line = TOKEN_IN_URL.sub(r"\1" + REMOVED, line)
    if line.startswith("{"):
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            event = None
        if isinstance(event, dict):
            line = json.dumps(_scrubbed(event), ensure_ascii=False)
    with _lock:
        texts = [text for text in reversed(_in_flight) if text in line]
    for text in sorted(texts, key=len, reverse=True):
        line = line.replace(text, REMOVED)
    return line


def traceback_without_values(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None],
) -> str:
    """Where the error happened and what kind it was, without its message."""
    exc_type, error, trace = exc_info
    parts: list[str] = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        parts.insert(
            0,
            "Traceback (most recent call last):\n"
            + "".join(traceback.format_tb(trace))
            + f"{exc_type.__module__}.{exc_type.__qualname__}: {REMOVED}",
        )
        error = error.__cause__ or error.__context__
        if error is not None:
            exc_type, trace = type(error), error.__traceback__
    return "\n\nDuring handling, this happened:\n\n".join(parts)


class RedactMessageText(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            line = record.getMessage()
        except Exception:  # a broken format string: keep the template, not the arguments
            line = str(record.msg)
        record.msg, record.args = redact(line), ()
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = traceback_without_values(record.exc_info)  # type: ignore[arg-type]
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _handlers() -> list[logging.Handler]:
    loggers = [logging.getLogger()] + [
        logger
        for logger in list(logging.Logger.manager.loggerDict.values())
        if isinstance(logger, logging.Logger)
    ]
    return [handler for logger in loggers for handler in logger.handlers]


def install() -> None:
    """Put the filter on every handler there is now (once each)."""
    for handler in _handlers():
        if not any(isinstance(f, RedactMessageText) for f in handler.filters):
            handler.addFilter(RedactMessageText())
