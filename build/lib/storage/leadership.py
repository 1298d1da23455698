"""One holder at a time for a job that must not run twice at once across bot instances.

PostgreSQL: a session-level advisory lock, tried without waiting, held on its own connection for
as long as the job runs; if the process dies, its connection closes and the lock is free for
the next instance at its next tick. SQLite: one process owns the file, so an in-process lock is
enough."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import func, select

from storage.db import Database


def lock_key(name: str) -> int:
    """A stable 32-bit key per job name (pg_advisory_lock takes a bigint)."""
    return zlib.crc32(f"kindergarten-bot:{name}".encode())


class Leadership:
    def __init__(self, database: Database, name: str) -> None:
        self._database = database
        self.name = name
        self._key = lock_key(name)
        self._local = database.job_locks.setdefault(name, asyncio.Lock())

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[bool]:
        """Yields whether this instance holds the job now; never waits for another holder."""
        if self._local.locked():
            yield False
            return
        async with self._local:
            if self._database.is_sqlite:
                yield True
                return
            engine = self._database.writer.execution_options(isolation_level="AUTOCOMMIT")
            async with engine.connect() as connection:
                held = bool(await connection.scalar(select(func.pg_try_advisory_lock(self._key))))
                try:
                    yield held
                finally:
                    if held:
                        await connection.scalar(select(func.pg_advisory_unlock(self._key)))
