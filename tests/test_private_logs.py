"""Logs never carry what people wrote: Rasa's own structured events, exception messages and
plain log lines, through the filter the servers install (bot/private_logs.py)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
import structlog
from rasa.utils.log_utils import configure_structlog

from bot.private_logs import REMOVED, RedactMessageText, install, remember_text

WORDS = "my stepdad locks me in the shed when he drinks"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """A handler as a server has one, on the root logger, with Rasa's structlog set up."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    configure_structlog(logging.INFO)
    install()
    yield out
    root.removeHandler(handler)
    structlog.reset_defaults()


def test_rasa_structured_events_lose_the_words(captured: io.StringIO) -> None:
    rasa_logger = structlog.get_logger("rasa.core.channels.rest")
    try:
        json.loads('{"message": "' + WORDS)  # fails, quoting the words in its message
    except json.JSONDecodeError:
        rasa_logger.exception("rest.message.received.failure", text=WORDS)
    rasa_logger.error("rest.message.received.timeout", text=WORDS, sender_id="s-1")
    logged = captured.getvalue()
    assert "rest.message.received.failure" in logged and "rest.message.received.timeout" in logged
    assert "stepdad" not in logged and "shed" not in logged
    assert REMOVED in logged and "s-1" in logged  # the rest of the event stays


def test_an_exception_keeps_its_type_and_place_but_not_its_message(captured) -> None:
    try:
        raise ValueError(f"could not parse {WORDS!r}")
    except ValueError:
        logging.getLogger("sanic.error").exception("Exception occurred while handling uri")
    logged = captured.getvalue()
    assert "builtins.ValueError" in logged and "test_private_logs.py" in logged
    assert "stepdad" not in logged


def test_a_message_in_flight_is_cut_out_of_any_line(captured: io.StringIO) -> None:
    remember_text(WORDS)
    logging.getLogger("some.library").warning("could not handle %r for s-2", WORDS)
    assert captured.getvalue().splitlines() == [
        f"WARNING some.library could not handle '{REMOVED}' for s-2"
    ]


def test_the_filter_is_installed_once_on_every_handler() -> None:
    handler = logging.StreamHandler(io.StringIO())
    logging.getLogger("sanic.access").addHandler(handler)
    try:
        install()
        install()
        assert sum(isinstance(f, RedactMessageText) for f in handler.filters) == 1
    finally:
        logging.getLogger("sanic.access").removeHandler(handler)
