"""The first words of a message, for the queue: enough for staff to tell one case from
another at a glance, and to see which to open first, without opening each.

Staff pages only: never a log line, an audit entry or an alert (alerts travel through mail
servers and chat apps the school does not control). The templates escape it like any text.
"""

from __future__ import annotations

PREVIEW_CHARS = 80
ELLIPSIS = "…"


def preview(message: str | None, limit: int = PREVIEW_CHARS) -> str:
    """At most `limit` characters of the message on one line, cut at a word where one is
    near the end (a word cut in half reads as a different word), with an ellipsis."""
    words = " ".join((message or "").split())
    if len(words) <= limit:
        return words
    cut = words[:limit]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + ELLIPSIS
