"""The lock store several Rasa servers share, on the machine's real Redis."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.scaleout.cluster import DEFAULT_REDIS_URL
from bot.scaleout.lock_store import AtomicRedisLockStore
from bot.stack import lock_store_config


def _store() -> LockStore:
    """Built the way a Rasa server builds it from endpoints.yml."""
    config = dict(lock_store_config(DEFAULT_REDIS_URL) or {})
    return LockStore.create(EndpointConfig.from_dict(config))


def test_rasa_builds_our_lock_store_from_the_endpoints() -> None:
    store = _store()
    assert isinstance(store, AtomicRedisLockStore)
    assert store.red.ping()


def test_two_servers_issuing_tickets_at_once_never_share_one() -> None:
    """Each thread plays a Rasa server with a store (and Redis connection) of its own."""
    conversation = f"lock-test-{uuid.uuid4().hex}"
    stores = [_store(), _store()]

    def issue(store: LockStore) -> list[int]:
        return [store.issue_ticket(conversation, 60) for _ in range(150)]

    with ThreadPoolExecutor(2) as pool:
        tickets = [t for batch in pool.map(issue, stores) for t in batch]
    assert len(set(tickets)) == len(tickets) == 300
    lock = stores[0].get_lock(conversation)
    assert lock is not None and len(lock.tickets) == 300
    for ticket in tickets:
        stores[ticket % 2].cleanup(conversation, ticket)
    assert stores[0].get_lock(conversation) is None, "the last ticket out deletes the lock"


def test_a_waiting_ticket_is_served_after_the_first_is_done() -> None:
    conversation = f"lock-test-{uuid.uuid4().hex}"
    first, second = _store(), _store()

    async def first_holds_the_lock() -> int:
        async with first.lock(conversation):
            ticket = second.issue_ticket(conversation)
            lock = second.get_lock(conversation)
            assert lock is not None and lock.is_locked(ticket)
        return ticket

    ticket = asyncio.run(first_holds_the_lock())
    lock = second.get_lock(conversation)
    assert lock is not None and not lock.is_locked(ticket), "the first left; the second's turn"
    second.cleanup(conversation, ticket)
    assert second.get_lock(conversation) is None
