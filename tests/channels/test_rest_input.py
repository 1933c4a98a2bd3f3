"""What the REST channel makes of odd requests, without a server."""

from bot.channels.rest import as_metadata, as_text


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
