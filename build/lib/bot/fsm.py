"""The conversation state (aiogram FSM) in our database, so that a restart loses no conversation.
A write-through cache spares a read on every update; it is exact because one process runs the
chat (`run`; workers never touch conversations)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.recent import Recent
from services.clock import Clock
from storage.uow import UnitOfWorkFactory

CACHE_SIZE = 10_000


def _key(key: StorageKey) -> str:
    return ":".join(
        str(part)
        for part in (
            key.bot_id,
            key.chat_id,
            key.user_id,
            key.thread_id or "",
            key.business_connection_id or "",
            key.destiny,
        )
    )


class DatabaseStorage(BaseStorage):
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._cache: Recent[str, tuple[str | None, dict[str, Any]]] = Recent(CACHE_SIZE)

    async def _read(self, key: str) -> tuple[str | None, dict[str, Any]]:
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        read_at = self._cache.generation
        async with self._uow.glance() as glances:
            value = await glances.conversation(key)
        self._cache.put(key, value, read_at=read_at)
        return value

    async def _write(self, key: str, state: str | None, data: dict[str, Any]) -> None:
        async with self._uow() as uow:
            await uow.fsm.put(key, state=state, data=data, now=self._clock.now())
            await uow.commit()
        self._cache.drop(key)  # a read that began before this write must not store its value
        self._cache.put(key, (state, data))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = state.state if isinstance(state, State) else state
        storage_key = _key(key)
        _, data = await self._read(storage_key)
        await self._write(storage_key, name, data)

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._read(_key(key)))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        storage_key = _key(key)
        state, _ = await self._read(storage_key)
        await self._write(storage_key, state, dict(data))

    async def write_both(self, key: StorageKey, state: str | None, data: Mapping[str, Any]) -> None:
        """A handler's changes in one write (bot/conversation.py)."""
        await self._write(_key(key), state, dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict((await self._read(_key(key)))[1])

    async def close(self) -> None:
        self._cache.clear()
