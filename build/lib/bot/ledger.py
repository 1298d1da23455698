"""Telegram delivers a webhook update again when it got no 200 in time: the ledger keeps which
updates were handled, so a second delivery is skipped, and how often one failed, so a failure
is retried through Telegram a few times before the person gets an apology.

The middleware runs inside aiogram's per-user lock (FSMContextMiddleware takes it, and it is
registered before this one), so a second delivery waits for the first and then finds it done.
One chat process keeps the ledger in memory; several share it in Redis (bot/sharing.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, Protocol

from aiogram import BaseMiddleware
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import TelegramObject, Update
from redis.asyncio import Redis

from bot.recent import Recent
from bot.unavailable import is_unavailable
from handlers.errors import DeliverAgain
from services.errors import DomainError

ATTEMPTS = 3  # deliveries of a failing update before the person is told it failed
HANDLED_FOR = 24 * 3600  # seconds: Telegram gives up on an update long before this
MEMORY_SIZE = 100_000

# With Redis, a webhook update's trips are folded (bot/sharing.py, bot/conversation.py): the
# "handled?" question rides on the conversation's read, taken under the user's lock, and the
# "handled" mark on the lock's release, in one script, so the mark and the release are atomic.
CURRENT_UPDATE: ContextVar[int | None] = ContextVar("current_update", default=None)
HANDLED_SEEN: ContextVar[tuple[int, bool] | None] = ContextVar("handled_seen", default=None)
MARK_ON_RELEASE: ContextVar[list[str] | None] = ContextVar("mark_on_release", default=None)


class UpdateLedger(Protocol):
    async def handled(self, update_id: int) -> bool: ...

    async def mark_handled(self, update_id: int) -> None: ...

    async def failed(self, update_id: int) -> int:
        """Counts one more failure; returns how many there were."""
        ...


class MemoryLedger:
    def __init__(self, size: int = MEMORY_SIZE) -> None:
        self._handled: Recent[int, bool] = Recent(size)
        self._failures: Recent[int, int] = Recent(size)

    async def handled(self, update_id: int) -> bool:
        return self._handled.get(update_id) is not None

    async def mark_handled(self, update_id: int) -> None:
        self._handled.put(update_id, True)

    async def failed(self, update_id: int) -> int:
        count = (self._failures.get(update_id) or 0) + 1
        self._failures.put(update_id, count)
        return count


class RedisLedger:
    def __init__(self, redis: Redis, prefix: str = "kg:update") -> None:
        self._redis = redis
        self._prefix = prefix

    def key(self, update_id: int) -> str:
        return f"{self._prefix}:{update_id}"

    def key_along(self, key: StorageKey) -> str | None:
        update_id = CURRENT_UPDATE.get()
        return None if update_id is None else self.key(update_id)

    def read_along(self, key: StorageKey, value: bytes | str | None) -> None:
        update_id = CURRENT_UPDATE.get()
        if update_id is not None:
            HANDLED_SEEN.set((update_id, value is not None))

    async def handled(self, update_id: int) -> bool:
        seen = HANDLED_SEEN.get()
        if seen is not None and seen[0] == update_id:
            return seen[1]
        return bool(await self._redis.exists(self.key(update_id)))

    async def mark_handled(self, update_id: int) -> None:
        marks = MARK_ON_RELEASE.get()
        if marks is not None:  # the user's lock, released before the 200, sets it
            marks.append(self.key(update_id))
            return
        await self._redis.set(self.key(update_id), 1, ex=HANDLED_FOR)

    async def failed(self, update_id: int) -> int:
        key = f"{self._prefix}:{update_id}:failures"
        count = await self._redis.incr(key)
        await self._redis.expire(key, HANDLED_FOR)
        return int(count)


class LedgerMiddleware(BaseMiddleware):
    """Webhook mode only: long polling's offset already says what was delivered."""

    def __init__(self, ledger: UpdateLedger) -> None:
        self._ledger = ledger

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        update_id = event.update_id
        if await self._ledger.handled(update_id):
            data["duplicate"] = True
            return None
        try:
            result = await handler(event, data)
        except DomainError:  # a refusal: the errors router answers it, and that is an answer
            await self._mark(update_id)
            raise
        except Exception as error:
            if is_unavailable(error):  # the errors router says so: that is the answer
                await self._mark(update_id)
                raise
            if await self._ledger.failed(update_id) < ATTEMPTS:
                raise DeliverAgain() from error
            await self._mark(update_id)
            raise  # the errors router apologises
        await self._mark(update_id)
        return result

    async def _mark(self, update_id: int) -> None:
        try:
            await self._ledger.mark_handled(update_id)
        except Exception as error:  # Redis out of reach: a repeat delivery is the lesser harm
            if not is_unavailable(error):
                raise
