"""Token buckets: a burst, then the steady rate; off at zero."""

from bot.channels.rate_limit import ADDRESS_RATE, CONVERSATION_RATE, Rate, RateLimiter
from bot.config import Settings


def test_a_burst_then_the_steady_rate() -> None:
    limiter = RateLimiter(Rate(per_minute=60, burst=3))
    assert [limiter.allow("a", now=0.0) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b", now=0.0)  # each key has its own bucket
    assert not limiter.allow("a", now=0.5)
    assert limiter.allow("a", now=1.1)  # one a second
    assert not limiter.allow("a", now=1.2)
    assert [limiter.allow("a", now=100.0) for _ in range(4)] == [True, True, True, False]


def test_zero_means_no_limit() -> None:
    limiter = RateLimiter(Rate(per_minute=0, burst=0))
    assert all(limiter.allow("a", now=0.0) for _ in range(1000))


def test_the_oldest_keys_are_forgotten() -> None:
    limiter = RateLimiter(Rate(per_minute=1, burst=1), max_keys=2)
    assert limiter.allow("a", now=0.0)
    assert limiter.allow("b", now=0.0)
    assert limiter.allow("c", now=0.0)  # "a" forgotten: a full bucket again
    assert limiter.allow("a", now=0.0)
    assert not limiter.allow("c", now=0.0)


def test_rates_are_read_as_per_minute_slash_burst() -> None:
    assert Rate.parse("120/40") == Rate(120, 40)
    assert Rate.parse("30") == Rate(30, 30)
    assert Rate.parse("0").per_minute == 0


def test_rates_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("SIGNPOST_CONVERSATION_RATE", "120/40")
    monkeypatch.delenv("SIGNPOST_ADDRESS_RATE", raising=False)
    settings = Settings.from_env()
    assert Rate.parse(settings.conversation_rate or CONVERSATION_RATE) == Rate(120, 40)
    assert Rate.parse(settings.address_rate or ADDRESS_RATE) == Rate(600, 200)
