"""What the channels make of odd requests, without a server (bot/channels/intake.py)."""

import json

from bot.channels.intake import MAX_MESSAGE_CHARS, as_metadata, as_text, read_body


def test_metadata_that_is_not_an_object_counts_as_none() -> None:
    assert as_metadata({"school": "x"}) == {"school": "x"}
    for odd in ("x", [1, 2], 42, None, True):
        assert as_metadata(odd) == {}


def test_a_message_is_always_text() -> None:
    assert as_text("hello") == "hello"
    assert as_text(None) == ""
    assert as_text(12345) == "12345"
    assert as_text(["my", "dad"]) == '["my", "dad"]'
    assert as_text({"text": "ünïcödé 😭"}) == '{"text": "ünïcödé 😭"}'


def body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_a_good_request_is_taken_and_broken_metadata_does_not_refuse_it() -> None:
    request = read_body(body(sender=" s-1 ", message="hello", metadata="x"))
    assert request.refusal is None
    assert (request.sender, request.text, request.metadata) == ("s-1", "hello", {})


def test_a_body_that_is_not_a_json_object_is_refused_with_a_reason() -> None:
    for raw in (b"", b"not json", b"\xff\xfe", b"[1, 2, 3]", b"null", b'"text"', b"42"):
        status, reason = read_body(raw).refusal or (None, "")
        assert status == 400, raw
        assert "JSON object" in reason


def test_no_sender_is_refused_so_nobody_shares_the_conversation_default() -> None:
    for sender in (None, "", "   ", 42, ["a"]):
        request = read_body(body(sender=sender, message="where is the asthma clinic"))
        assert request.refusal is not None and request.refusal[0] == 400
        assert "sender" in request.refusal[1]
    # The words are still read, so that the refusal can carry the crisis card.
    assert read_body(body(message="my dad hits me")).text == "my dad hits me"
    assert read_body(body(sender="x" * 256, message="hi")).refusal[0] == 400


def test_a_message_over_the_limit_is_refused_with_413() -> None:
    at_limit = read_body(body(sender="s", message="a" * MAX_MESSAGE_CHARS))
    over = read_body(body(sender="s", message="a" * (MAX_MESSAGE_CHARS + 1)))
    assert at_limit.refusal is None
    assert over.refusal is not None and over.refusal[0] == 413
    assert len(over.text) == MAX_MESSAGE_CHARS + 1  # kept whole, to be scanned
