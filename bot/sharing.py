"""What the chat keeps between updates, and where. One chat process (SQLite, or one instance on
PostgreSQL) keeps it close: the conversation in the database behind a write-through cache,
each user's updates one at a time by an in-process lock, identities cached, the webhook's
handled updates in memory. Several chat processes (REDIS_URL) share it in Redis instead:
aiogram's RedisStorage (state and data written in one transaction), a per-user Redis lock, the
handled updates; and no process keeps an identity, since another may change it at any moment
(a role granted, a logout, a language)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

from aiogram.fsm.storage.base import (
    BaseEventIsolation,
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StorageKey,
)
from aiogram.fsm.storage.memory import SimpleEventIsolation
from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError

from bot.conversation import AtomicRedisStorage
from bot.fsm import DatabaseStorage
from bot.identities import Identities, ReadEachTime
from bot.ledger import MemoryLedger, RedisLedger, UpdateLedger
from bot.wiring import Services

LOCK_SECONDS = 10.0  # a killed instance's user waits at most this long for the next update
PREFIX = "kg"


class RenewedRedisIsolation(BaseEventIsolation):
    """aiogram's RedisEventIsolation with a short lock renewed while it is held: an instance
    killed mid-update frees its user after LOCK_SECONDS, and a long handler (an import through
    the chat) keeps its lock for as long as it runs."""

    def __init__(self, redis: Redis, keys: KeyBuilder, seconds: float = LOCK_SECONDS) -> None:
        self._redis = redis
        self._keys = keys
        self._seconds = seconds

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        lock = Lock(self._redis, self._keys.build(key, "lock"), timeout=self._seconds, sleep=0.01)
        await lock.acquire()
        renewal = asyncio.create_task(self._renew(lock))
        try:
            yield
        finally:
            renewal.cancel()
            with suppress(asyncio.CancelledError):
                await renewal
            with suppress(LockError):  # expired while Redis was away: nothing left to free
                await lock.release()

    async def _renew(self, lock: Lock) -> None:
        while True:
            await asyncio.sleep(self._seconds / 3)
            with suppress(LockError):
                await lock.reacquire()

    async def close(self) -> None:
        pass


@dataclass
class Sharing:
    storage: BaseStorage
    isolation: BaseEventIsolation
    identities: Identities
    ledger: UpdateLedger
    redis: Redis | None = None

    async def close(self) -> None:
        await self.storage.close()
        await self.isolation.close()
        if self.redis is not None:
            await self.redis.aclose()


def in_process(services: Services) -> Sharing:
    return Sharing(
        storage=DatabaseStorage(services.uow, services.clock),
        isolation=SimpleEventIsolation(),
        identities=services.identities,
        ledger=MemoryLedger(),
    )


def through_redis(services: Services, url: str) -> Sharing:
    redis = Redis.from_url(url)
    keys = DefaultKeyBuilder(prefix=PREFIX, with_bot_id=True, with_destiny=True)
    return Sharing(
        storage=AtomicRedisStorage(redis, key_builder=keys),
        isolation=RenewedRedisIsolation(redis, keys),
        identities=ReadEachTime(services.accounts),
        ledger=RedisLedger(redis, prefix=f"{PREFIX}:update"),
        redis=redis,
    )
