"""Per-conversation and per-address limits on messages, as token buckets in one server.

A person types a message every few seconds; a script sending dozens a second to one
conversation, or thousands from one address, slows every family's answers. Over a limit the
REST channel answers 429, except to a message that shows risk: that one is always taken.

Each Rasa server keeps its own buckets, so behind nginx with N servers a client may send up
to N times the limit before every server refuses it: enough to stop a flood, not a quota.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    """`burst` messages at once, refilled at `per_minute` a minute. `per_minute` 0: no limit."""

    per_minute: float
    burst: int

    @classmethod
    def parse(cls, spec: str) -> Rate:
        """ "PER_MINUTE/BURST", as SIGNPOST_CONVERSATION_RATE=30/10 sets it; "30" is 30/30."""
        per_minute, _, burst = spec.partition("/")
        return cls(float(per_minute), int(burst or per_minute))


# A conversation: twenty quick messages, then one a second.
CONVERSATION_RATE = "60/20"
# An address: a school's whole class behind one address, chatting at once.
ADDRESS_RATE = "600/200"


class RateLimiter:
    """Token buckets by key, the least recently used forgotten past `max_keys`."""

    def __init__(self, rate: Rate, max_keys: int = 100_000) -> None:
        self.rate = rate
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Take one message from `key`'s bucket; False when it is empty."""
        if self.rate.per_minute <= 0:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, then = self._buckets.pop(key, (float(self.rate.burst), now))
            tokens = min(self.rate.burst, tokens + (now - then) * self.rate.per_minute / 60)
            allowed = tokens >= 1
            self._buckets[key] = (tokens - 1 if allowed else tokens, now)
            while len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
            return allowed
