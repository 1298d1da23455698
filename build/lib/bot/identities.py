"""The chat reads the sender's identity on every update: kept here, in the process, and dropped
(one process) or outdated by a version in Redis (several) at every change the accounts service
makes: it tells its watchers after each commit."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Protocol

from aiogram.fsm.storage.base import StorageKey
from redis.asyncio import Redis

from bot.recent import Recent
from domain.dto import IdentityRecord
from services.accounts import AccountService, Identity

CACHE_SIZE = 10_000
# A user's version in Redis never expires: were it to vanish and count again from 1, a process
# holding a record stamped 1 would take it as current. One small key per user who ever changed.
_VERSION_SEEN: ContextVar[tuple[int, bytes | str | None] | None] = ContextVar(
    "identity_version_seen", default=None
)


class Identities(Protocol):
    async def identify(self, telegram_user_id: int) -> Identity: ...


class CachedIdentities:
    """Exact while one process runs the chat: every write to an identity goes through that
    process's AccountService. A session still expires by the clock on each read."""

    def __init__(self, accounts: AccountService, size: int = CACHE_SIZE) -> None:
        self._accounts = accounts
        self._records: Recent[int, IdentityRecord] = Recent(size)
        accounts.watch(self)

    async def identify(self, telegram_user_id: int) -> Identity:
        record = self._records.get(telegram_user_id)
        if record is None:
            read_at = self._records.generation
            record = await self._accounts.identity_record(telegram_user_id)
            self._records.put(telegram_user_id, record, read_at=read_at)
        return self._accounts.identity(telegram_user_id, record)

    async def identity_changed(self, telegram_user_id: int, iin: str | None) -> None:
        self._records.drop(telegram_user_id)
        if iin is not None:
            self._records.drop_where(lambda record: record.iin == iin)


class VersionedIdentities:
    """Several chat processes (REDIS_URL): each keeps the identities it read, stamped with the
    user's version in Redis, which every change bumps (AccountService tells its watchers after
    each commit, before the handler answers). The version rides on the conversation's read
    (bot/conversation.py), so an unchanged identity costs no trip at all; a changed one is read
    again from the database. A change made through another instance is therefore seen by the
    very next update."""

    def __init__(
        self, accounts: AccountService, redis: Redis, prefix: str, size: int = CACHE_SIZE
    ) -> None:
        self._accounts = accounts
        self._redis = redis
        self._prefix = prefix
        self._records: Recent[int, tuple[bytes | str | None, IdentityRecord]] = Recent(size)
        accounts.watch(self)

    def _key(self, telegram_user_id: int) -> str:
        return f"{self._prefix}:{telegram_user_id}"

    def key_along(self, key: StorageKey) -> str | None:
        return self._key(key.user_id)

    def read_along(self, key: StorageKey, value: bytes | str | None) -> None:
        _VERSION_SEEN.set((key.user_id, value))

    async def identify(self, telegram_user_id: int) -> Identity:
        seen = _VERSION_SEEN.get()
        version: bytes | str | None
        if seen is not None and seen[0] == telegram_user_id:
            version = seen[1]
        else:
            version = await self._redis.get(self._key(telegram_user_id))
        cached = self._records.get(telegram_user_id)
        if cached is not None and cached[0] == version:
            record = cached[1]
        else:
            record = await self._accounts.identity_record(telegram_user_id)
            self._records.put(telegram_user_id, (version, record))
        return self._accounts.identity(telegram_user_id, record)

    async def identity_changed(self, telegram_user_id: int, iin: str | None) -> None:
        users = {telegram_user_id}
        if iin is not None:
            users.update(await self._accounts.chats_of(iin))
        async with self._redis.pipeline(transaction=False) as pipe:
            for user in users:
                pipe.incr(self._key(user))
            await pipe.execute()
        for user in users:
            self._records.drop(user)
