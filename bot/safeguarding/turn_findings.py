"""What the detector found in each message of this server, by message id, for a short while.

The NLU component writes here as it scans; the channel reads it when the turn is over, to
check that a message that showed risk got its crisis card (bot/channels/safety_net.py). Both
run in the same Rasa server, on the same message id, so nothing is scanned twice.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from bot.safeguarding.detector import Finding

# Turns in flight at once on one server, with room to spare.
KEPT = 10_000

_found: OrderedDict[str, Finding] = OrderedDict()
_lock = threading.Lock()


def remember(message_id: str | None, finding: Finding) -> None:
    if not message_id:
        return
    with _lock:
        _found[message_id] = finding
        while len(_found) > KEPT:
            _found.popitem(last=False)


def take(message_id: str | None) -> Finding | None:
    """The finding for that message (once), or None if it was never scanned here."""
    with _lock:
        return _found.pop(message_id, None) if message_id else None
