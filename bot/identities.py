"""The chat reads the sender's identity on every update: kept here, in the process, and dropped
by every change the accounts service makes (it tells its watchers after each commit)."""

from __future__ import annotations

from typing import Protocol

from bot.recent import Recent
from domain.dto import IdentityRecord
from services.accounts import AccountService, Identity

CACHE_SIZE = 10_000


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

    def identity_changed(self, telegram_user_id: int, iin: str | None) -> None:
        self._records.drop(telegram_user_id)
        if iin is not None:
            self._records.drop_where(lambda record: record.iin == iin)


class ReadEachTime:
    """Several chat processes (REDIS_URL): another process may change an identity at any moment,
    so each update reads it (one glance) and nothing is kept."""

    def __init__(self, accounts: AccountService) -> None:
        self._accounts = accounts

    async def identify(self, telegram_user_id: int) -> Identity:
        record = await self._accounts.identity_record(telegram_user_id)
        return self._accounts.identity(telegram_user_id, record)
