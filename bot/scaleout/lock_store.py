"""Rasa's RedisLockStore, with each change to a conversation's lock made atomically.

Rasa 3.6's RedisLockStore reads a conversation's lock, changes it in Python and writes it
back. Two Rasa servers that take a message for the same conversation at the same moment
(a double tap that nginx sends to both) can both read "no lock", both issue themselves
ticket 0 and both handle their message against the same tracker: one message is lost from
the tracker store. Our scaled test caught exactly that (RasaHQ/rasa#9213; Rasa's own fix,
ConcurrentRedisLockStore in #11256, was reverted from Open Source in #11428).

This subclass keeps Rasa's ticket lock and Redis keys, and makes every read-change-write a
Redis transaction (WATCH, MULTI, EXEC, retried when another server wrote first). Endpoints
name it by module path, as Rasa allows for lock stores.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.client import Pipeline

Outcome = TypeVar("Outcome")


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds custom lock stores from their endpoint config; same keys as "redis".
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    def _change(self, conversation_id: str, change: Callable[[TicketLock], Outcome]) -> Outcome:
        """Apply `change` to the stored lock in one transaction; a lock left with no tickets
        is deleted in the same transaction, so nobody's ticket is dropped with it."""
        key = self.key_prefix + conversation_id
        outcome: list[Outcome] = []

        def apply(pipe: Pipeline) -> None:
            stored = pipe.get(key)  # watched: EXEC fails if another server writes it now
            lock = TicketLock.from_dict(json.loads(stored)) if stored else None
            lock = lock or TicketLock(conversation_id)
            outcome[:] = [change(lock)]
            pipe.multi()
            if lock.is_someone_waiting():
                pipe.set(key, lock.dumps())
            else:
                pipe.delete(key)

        self.red.transaction(apply, key)
        return outcome[0]

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as error:  # as Rasa's: the channel reports a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Removing the last ticket deletes the lock inside the same transaction.
        self.finish_serving(conversation_id, ticket_number)
