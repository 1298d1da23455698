"""Engines and sessions for SQLite (embedded default) and PostgreSQL.

SQLite allows one writer at a time. Write transactions start with BEGIN IMMEDIATE, so that two
read-then-write transactions never both read and then fail to upgrade; they queue instead (first
on the single pooled writer connection, across processes on the busy timeout). Reads go through
a second engine with ordinary deferred transactions, which WAL lets run beside a writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SQLITE_BUSY_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class Database:
    url: URL
    writer: AsyncEngine
    reader: AsyncEngine
    write_sessions: async_sessionmaker[AsyncSession]
    read_sessions: async_sessionmaker[AsyncSession]

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    async def dispose(self) -> None:
        await self.writer.dispose()
        if self.reader is not self.writer:
            await self.reader.dispose()


def _sqlite_engine(url: URL, *, begin: str, pool_size: int) -> AsyncEngine:
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=0, pool_timeout=120)

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so that BEGIN is ours (see above).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


def create_database(url_text: str, *, echo: bool = False) -> Database:
    url = make_url(url_text)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        writer = _sqlite_engine(url, begin="BEGIN IMMEDIATE", pool_size=1)
        reader = _sqlite_engine(url, begin="BEGIN", pool_size=4)
    else:
        writer = create_async_engine(url, echo=echo, pool_size=10, max_overflow=20)
        reader = writer
    return Database(
        url=url,
        writer=writer,
        reader=reader,
        write_sessions=async_sessionmaker(writer, expire_on_commit=False),
        read_sessions=async_sessionmaker(reader, expire_on_commit=False),
    )
