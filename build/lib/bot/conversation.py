"""A handler's changes to the conversation (aiogram's FSM state and data) are kept aside while it
runs and written together, in one write, when it has answered. A process that dies in the middle
of an update (SIGKILL, a lost machine) then leaves the conversation as it was before the update,
never half-moved — a state without the data it needs — and the update delivered again finds it
so (Telegram redelivers what got no 200; long polling, what was not confirmed).

A refusal (DomainError) is an answer: its changes are written. Any other failure drops them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, Protocol, runtime_checkable

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, KeyBuilder, StateType, StorageKey
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import TelegramObject
from redis.asyncio import Redis

from services.errors import DomainError

_UNCHANGED: Any = object()


@runtime_checkable
class WritesBoth(Protocol):
    async def write_both(
        self, key: StorageKey, state: str | None, data: Mapping[str, Any]
    ) -> None: ...


# What this update read of its conversation, in one trip (the state and the data together):
# the per-user lock is held from before the read to after the write, so it stays true.
_READ: ContextVar[dict[str, Any] | None] = ContextVar("conversation_read", default=None)


class ReadsAlong(Protocol):
    """Something else an update needs from Redis, read in the same trip as its conversation,
    under the user's lock (the webhook ledger's "handled?", the identity's version)."""

    def key_along(self, key: StorageKey) -> str | None: ...

    def read_along(self, key: StorageKey, value: bytes | str | None) -> None: ...


class AtomicRedisStorage(RedisStorage):
    """aiogram's RedisStorage that reads the state and the data in one trip (MGET), with what
    else the update needs (`along`), and writes them in one transaction."""

    def __init__(
        self, redis: Redis, key_builder: KeyBuilder, along: Sequence[ReadsAlong] = ()
    ) -> None:
        super().__init__(redis, key_builder=key_builder)
        self._along = along

    async def get_state(self, key: StorageKey) -> str | None:
        state_key = self.key_builder.build(key, "state")
        data_key = self.key_builder.build(key, "data")
        extra = [(reader, reader.key_along(key)) for reader in self._along]
        wanted = [(reader, name) for reader, name in extra if name is not None]
        state, data, *values = await self.redis.mget(
            state_key, data_key, *(name for _, name in wanted)
        )
        for (reader, _), value in zip(wanted, values, strict=True):
            reader.read_along(key, value)
        _READ.set({data_key: {} if data is None else self.json_loads(_text(data))})
        return None if state is None else _text(state)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        data_key = self.key_builder.build(key, "data")
        read = _READ.get()
        if read is not None and data_key in read:
            return dict(read[data_key])
        return await super().get_data(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        _READ.set(None)
        await super().set_state(key, state)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        _READ.set(None)
        await super().set_data(key, data)

    async def write_both(self, key: StorageKey, state: str | None, data: Mapping[str, Any]) -> None:
        state_key = self.key_builder.build(key, "state")
        data_key = self.key_builder.build(key, "data")
        async with self.redis.pipeline(transaction=True) as pipe:
            if state is None:
                pipe.delete(state_key)
            else:
                pipe.set(state_key, state, ex=self.state_ttl)
            if data:
                pipe.set(data_key, self.json_dumps(dict(data)), ex=self.data_ttl)
            else:
                pipe.delete(data_key)
            await pipe.execute()
        _READ.set({data_key: dict(data)})


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


class PendingConversation(BaseStorage):
    """One update's view of one conversation: reads see its own writes, which wait for
    `write` (the storage is left untouched until then)."""

    def __init__(self, storage: BaseStorage, state_before: str | None) -> None:
        self._storage = storage
        self._state_before = state_before  # read under the per-user lock: still true
        self._state: Any = _UNCHANGED
        self._data: Any = _UNCHANGED

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        self._state = state.state if isinstance(state, State) else state

    async def get_state(self, key: StorageKey) -> str | None:
        if self._state is not _UNCHANGED:
            return self._state  # type: ignore[no-any-return]
        return self._state_before

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        if self._data is not _UNCHANGED:
            return dict(self._data)
        return await self._storage.get_data(key)

    @property
    def changed(self) -> bool:
        return self._state is not _UNCHANGED or self._data is not _UNCHANGED

    async def write(self, key: StorageKey) -> None:
        if not self.changed:
            return
        state = await self.get_state(key)
        data = await self.get_data(key)
        # A reset of what was already empty (a menu button's state.clear()) writes nothing.
        if state == self._state_before and data == await self._storage.get_data(key):
            return
        if isinstance(self._storage, WritesBoth):
            await self._storage.write_both(key, state, data)
        else:
            await self._storage.set_state(key, state)
            await self._storage.set_data(key, data)

    async def close(self) -> None:
        pass


class ConversationMiddleware(BaseMiddleware):
    """Runs after aiogram's FSM middleware (which made data["state"]) and, in webhook mode,
    inside the ledger, which marks the update handled only after this has written."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        context = data.get("state")
        if not isinstance(context, FSMContext):
            return await handler(event, data)
        pending = PendingConversation(context.storage, data.get("raw_state"))
        data["state"] = FSMContext(storage=pending, key=context.key)
        try:
            result = await handler(event, data)
        except DomainError:
            await pending.write(context.key)
            raise
        finally:
            data["state"] = context  # the errors router, outside, writes straight through
        await pending.write(context.key)
        return result
