"""aiosqlite with one trip to the connection's thread per statement.

SQLAlchemy's aiosqlite adapter makes four trips per statement (open a cursor, execute, fetch all,
close). Each trip hands work to the connection's thread and waits for the event loop to be woken,
which on a small VM costs ~0.15 ms: more than most of our statements take to run. This cursor does
the four steps in one trip and hands back the rows; everything else is aiosqlite's own.
Measured in bench/README.md ("SQLite driver").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiosqlite

_Result = tuple[Any, list[Any], int, int | None]


class PrefetchingCursor:
    """The async cursor SQLAlchemy's adapter expects, executing and fetching in one trip."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: list[Any] = []

    async def __aenter__(self) -> PrefetchingCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._rows = []

    def _run(self, sql: str, parameters: Any, many: bool) -> _Result:
        cursor = self._connection.sqlite_connection.cursor()
        try:
            if many:
                cursor.executemany(sql, parameters)
            else:
                cursor.execute(sql, parameters)
            rows = cursor.fetchall() if cursor.description else []
            return cursor.description, rows, cursor.rowcount, cursor.lastrowid
        finally:
            cursor.close()

    async def _trip(self, sql: str, parameters: Any, many: bool) -> PrefetchingCursor:
        result: _Result = await self._connection.in_thread(self._run, sql, parameters, many)
        self.description, self._rows, self.rowcount, self.lastrowid = result
        return self

    async def execute(self, sql: str, parameters: Any = None) -> PrefetchingCursor:
        return await self._trip(sql, () if parameters is None else parameters, many=False)

    async def executemany(self, sql: str, parameters: Sequence[Any]) -> PrefetchingCursor:
        return await self._trip(sql, parameters, many=True)

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = size or self.arraysize
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def close(self) -> None:
        self._rows = []

    async def nextset(self) -> None:
        return None

    async def setinputsizes(self, *sizes: Any) -> None:
        return None


class OneTripConnection(aiosqlite.Connection):
    def cursor(self) -> PrefetchingCursor:  # type: ignore[override]
        return PrefetchingCursor(self)

    @property
    def sqlite_connection(self) -> sqlite3.Connection:
        return self._conn

    def in_thread(self, function: Callable[..., Any], *args: Any) -> Awaitable[Any]:
        return self._execute(function, *args)  # type: ignore[no-untyped-call]


def one_trip_connector(
    database: str, **connect_kwargs: Any
) -> Callable[[], Awaitable[OneTripConnection]]:
    """An `async_creator` for SQLAlchemy's aiosqlite dialect."""

    async def create() -> OneTripConnection:
        connection = OneTripConnection(lambda: sqlite3.connect(database, **connect_kwargs), 64)
        connection._thread.daemon = True  # as SQLAlchemy's own aiosqlite connect does
        await connection
        return connection

    return create
