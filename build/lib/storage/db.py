"""Engines and sessions for SQLite (embedded default) and PostgreSQL.

SQLite allows one writer at a time. Write transactions start with BEGIN IMMEDIATE, so that two
read-then-write transactions never both read and then fail to upgrade; they queue instead (first
on the single pooled writer connection, across processes on the busy timeout). Reads go through
a second engine in autocommit mode, which WAL lets run beside a writer: each read statement sees
a committed state, and no BEGIN/ROLLBACK round trips to the driver's thread are paid (on a small
VM each one costs ~0.15 ms, and reads such as a queue position are the product's hot path).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.doorbell import Doorbell
from storage.glance import Glancer
from storage.sqlite_driver import one_trip_connector

SQLITE_BUSY_TIMEOUT_MS = 60_000
PING_AFTER_IDLE_SECONDS = 5.0


@dataclass(frozen=True)
class Database:
    url: URL
    writer: AsyncEngine
    reader: AsyncEngine
    write_sessions: async_sessionmaker[AsyncSession]
    read_sessions: async_sessionmaker[AsyncSession]
    # SQLite only: the synchronous reader of storage.glance.
    glancer: Glancer | None = None
    # In-process locks of the jobs that run one at a time (storage.leadership), shared by
    # everything in this process that uses this database.
    job_locks: dict[str, asyncio.Lock] = field(default_factory=dict, compare=False)
    # Rung after a commit that wrote to the outbox (storage.doorbell).
    doorbell: Doorbell = field(default_factory=Doorbell, compare=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    async def dispose(self) -> None:
        await self.writer.dispose()
        if self.reader is not self.writer:
            await self.reader.dispose()
        if self.glancer is not None:
            self.glancer.dispose()


def _sqlite_engine(url: URL, *, begin: str | None, pool_size: int, cache_kib: int) -> AsyncEngine:
    options: dict[str, Any] = {
        "pool_size": pool_size,
        "max_overflow": 0,
        "pool_timeout": 120,
        "async_creator": one_trip_connector(url.database or ":memory:", check_same_thread=False),
    }
    if begin is None:
        options |= {"isolation_level": "AUTOCOMMIT", "skip_autocommit_rollback": True}
    engine = create_async_engine(url, **options)

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so that BEGIN is ours (see above).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # Page cache per connection (negative = KiB): the writer maintains the big indexes.
        cursor.execute(f"PRAGMA cache_size=-{cache_kib}")
        cursor.execute("PRAGMA temp_store=MEMORY")
        # Checkpoint the WAL every ~40 MB rather than every 4 MB: sweeps and imports write in
        # large transactions, and each checkpoint waits for the disk.
        cursor.execute("PRAGMA wal_autocheckpoint=10000")
        cursor.close()

    if begin is not None:

        @event.listens_for(engine.sync_engine, "begin")
        def on_begin(connection: Any) -> None:
            connection.exec_driver_sql(begin)

    return engine


def _postgres_engine(url: URL, **options: Any) -> AsyncEngine:
    """The pool keeps as many connections as the chat uses at its busiest, so none is opened
    and closed per update. A connection idle for a while is pinged before use: after the server
    restarted it is found dead and replaced before a statement fails on it (pre-ping on every
    checkout would cost a round trip per read)."""
    engine = create_async_engine(url, **options)

    @event.listens_for(engine.sync_engine, "checkin")
    def on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the pool replaces it and tries again
            raise DisconnectionError() from error

    return engine


def create_database(url_text: str, *, echo: bool = False) -> Database:
    url = make_url(url_text)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        writer = _sqlite_engine(url, begin="BEGIN IMMEDIATE", pool_size=1, cache_kib=65_536)
        reader = _sqlite_engine(url, begin=None, pool_size=4, cache_kib=16_384)
        glancer = Glancer(url.database or ":memory:", cache_kib=16_384)
    else:
        writer = _postgres_engine(url, echo=echo, pool_size=6, max_overflow=8)
        # Reads in autocommit, as on SQLite: no BEGIN and ROLLBACK around every read (two round
        # trips of three). Under READ COMMITTED each statement sees its own snapshot inside a
        # transaction too, so a read loses nothing by it.
        reader = _postgres_engine(
            url, echo=echo, pool_size=16, max_overflow=4, isolation_level="AUTOCOMMIT"
        )
        glancer = None
    return Database(
        url=url,
        writer=writer,
        reader=reader,
        write_sessions=async_sessionmaker(writer, expire_on_commit=False),
        read_sessions=async_sessionmaker(reader, expire_on_commit=False),
        glancer=glancer,
    )
