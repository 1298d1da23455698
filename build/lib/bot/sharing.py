"""What the chat keeps between updates, and where. One chat process (SQLite, or one instance on
PostgreSQL) keeps it close: the conversation in the database behind a write-through cache,
each user's updates one at a time by an in-process lock, identities cached, the webhook's
handled updates in memory. Several chat processes (REDIS_URL) share it in Redis instead:
aiogram's RedisStorage (state and data written in one transaction), a per-user Redis lock, the
handled updates; and each process checks the identities it keeps against a version in Redis
that every change bumps (a login, a logout, a language)."""

from __future__ import annotations

import asyncio
import logging
import secrets
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
from redis.commands.core import AsyncScript

from bot.conversation import AtomicRedisStorage
from bot.fsm import DatabaseStorage
from bot.identities import Identities, VersionedIdentities
from bot.ledger import HANDLED_FOR, MARK_ON_RELEASE, MemoryLedger, RedisLedger, UpdateLedger
from bot.unavailable import is_unavailable
from bot.wiring import Services

log = logging.getLogger(__name__)

LOCK_SECONDS = 10.0  # a killed instance's user waits at most this long for the next update
PREFIX = "kg"


# The lock is released only by its holder (the token), and the webhook updates it handled are
# marked in the same step (bot/ledger.py): a redelivery that waited for the lock finds the mark.
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) end
for i = 2, #KEYS do redis.call('set', KEYS[i], 1, 'EX', ARGV[2]) end
return 1
"""
RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""


class RenewedRedisIsolation(BaseEventIsolation):
    """One user's updates one at a time across instances, like aiogram's RedisEventIsolation,
    with a short lock renewed while it is held: an instance killed mid-update frees its user
    after LOCK_SECONDS, and a long handler (an import through the chat) keeps its lock for as
    long as it runs. The renewal starts only if the handler outlives a third of the lock."""

    def __init__(self, redis: Redis, keys: KeyBuilder, seconds: float = LOCK_SECONDS) -> None:
        self._redis = redis
        self._keys = keys
        self._milliseconds = int(seconds * 1000)
        self._release = redis.register_script(RELEASE)
        self._renew = redis.register_script(RENEW)

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        name = self._keys.build(key, "lock")
        token = secrets.token_hex(16)
        # The lock lives in Redis, so there is no event to wait on: try again shortly, as
        # redis-py's own Lock does.
        while not await self._redis.set(name, token, nx=True, px=self._milliseconds):  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        marks: list[str] = []
        marking = MARK_ON_RELEASE.set(marks)
        renewal = _Renewal(self._renew, name, token, self._milliseconds)
        try:
            yield
        finally:
            await renewal.stop()
            MARK_ON_RELEASE.reset(marking)
            try:
                await self._release(keys=[name, *marks], args=[token, HANDLED_FOR])
            except Exception as error:  # Redis away: the lock expires by itself
                if not is_unavailable(error):
                    raise
                log.warning("a user's lock was not released (%s)", type(error).__name__)

    async def close(self) -> None:
        pass


class _Renewal:
    def __init__(self, renew: AsyncScript, name: str, token: str, milliseconds: int) -> None:
        self._renew = renew
        self._name = name
        self._token = token
        self._milliseconds = milliseconds
        self._task: asyncio.Task[None] | None = None
        self._timer = asyncio.get_running_loop().call_later(milliseconds / 3000, self._start)

    def _start(self) -> None:
        self._task = asyncio.create_task(self._keep())

    async def _keep(self) -> None:
        while True:
            with suppress(Exception):  # Redis away: the next try, or the lock expires
                await self._renew(keys=[self._name], args=[self._token, self._milliseconds])
            await asyncio.sleep(self._milliseconds / 3000)

    async def stop(self) -> None:
        self._timer.cancel()
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task


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
    ledger = RedisLedger(redis, prefix=f"{PREFIX}:update")
    identities = VersionedIdentities(services.accounts, redis, prefix=f"{PREFIX}:identity")
    return Sharing(
        storage=AtomicRedisStorage(redis, keys, along=(ledger, identities)),
        isolation=RenewedRedisIsolation(redis, keys),
        identities=identities,
        ledger=ledger,
        redis=redis,
    )
