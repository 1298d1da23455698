"""Glances: reads of a few rows by key on the chat's hot path (the identity of a user, the FSM
state, an application's card), run on SQLite on the event loop's own thread.

Each statement through the async engine pays a trip to the connection's thread, SQLAlchemy's
async adaptation and its execution context: ~0.3 ms on a small VM for a read that SQLite runs in
~20 µs. A glance blocks the loop for that run only. It keeps SQLAlchemy for what it is good at —
the statement, its compilation (once per statement) and the types' bind and result processing —
and hands the compiled SQL to sqlite3 directly. WAL lets these reads run beside a writer without
waiting for it. Only reads known to be that short belong here (`UnitOfWorkFactory.glance`);
everything else keeps the async reader.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Executable, create_engine, event
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL
from sqlalchemy.sql import Select

from services.recent import Recent

# A glance that finds the file locked (rare under WAL: a recovery or a checkpoint restarting the
# log) waits this long on the loop's thread before it gives up with an error.
GLANCE_BUSY_TIMEOUT_MS = 200
# Glances run module-level statements: a handful. The bound keeps a caller that builds a new
# statement per call from growing the cache (each such statement is compiled on each call).
PREPARED_STATEMENTS = 64

# Named parameters: sqlite3 takes the dict SQLAlchemy builds as it is.
_DIALECT = SQLiteDialect_pysqlite(paramstyle="named")
_Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Prepared:
    sql: str
    compiled: Any
    binds: dict[str, _Processor]
    columns: tuple[_Processor | None, ...]
    row: type[tuple[Any, ...]]

    @classmethod
    def of(cls, statement: Select[Any]) -> _Prepared:
        compiled = statement.compile(dialect=_DIALECT)
        if "POSTCOMPILE" in compiled.string:
            raise ValueError("a glance takes no expanding IN (…) lists: use one_of")
        binds: dict[str, _Processor] = {}
        for parameter in compiled.binds.values():
            processor = parameter.type.dialect_impl(_DIALECT).bind_processor(_DIALECT)
            if processor is not None:
                binds[compiled.bind_names[parameter]] = processor
        columns = tuple(
            column.type.dialect_impl(_DIALECT).result_processor(_DIALECT, None)
            for column in statement.selected_columns
        )
        keys = [str(column.key) for column in statement.selected_columns]
        row = namedtuple("GlanceRow", keys, rename=True)  # type: ignore[misc]
        return cls(compiled.string, compiled, binds, columns, row)

    def parameters(self, given: Mapping[str, Any] | None) -> dict[str, Any]:
        values: dict[str, Any] = self.compiled.construct_params(dict(given or {}))
        for name, processor in self.binds.items():
            values[name] = processor(values[name])
        return values

    def rows(self, raw: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        columns = self.columns
        return [
            self.row(*(v if p is None else p(v) for v, p in zip(values, columns, strict=True)))
            for values in raw
        ]


class GlanceResult:
    """The part of SQLAlchemy's Result that reads use: `first()`, `all()`, iteration."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    def first(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None

    def all(self) -> list[tuple[Any, ...]]:
        return self._rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._rows)


class GlanceSession:
    """What the repositories ask of a session to read (`execute`), over a pooled sqlite3
    connection: no await inside, so the statement runs and returns on the loop's thread."""

    def __init__(self, engine: Engine, prepared: Recent[Executable, _Prepared]) -> None:
        self._engine = engine
        self._prepared = prepared
        self._connection = engine.raw_connection()

    async def execute(
        self, statement: Executable, params: Mapping[str, Any] | None = None
    ) -> GlanceResult:
        prepared = self._prepared.get(statement)
        if prepared is None:
            if not isinstance(statement, Select):
                raise TypeError("a glance only reads")
            prepared = _Prepared.of(statement)
            self._prepared.put(statement, prepared)
        driver: sqlite3.Connection = self._connection.driver_connection  # type: ignore[assignment]
        raw = driver.execute(prepared.sql, prepared.parameters(params)).fetchall()
        return GlanceResult(prepared.rows(raw))

    def get_bind(self) -> Engine:
        return self._engine

    async def close(self) -> None:
        self._connection.close()  # back to the pool


class Glancer:
    """The synchronous reader and its prepared statements."""

    def __init__(self, url: URL, cache_kib: int) -> None:
        self.engine = _engine(url, cache_kib)
        self._prepared: Recent[Executable, _Prepared] = Recent(PREPARED_STATEMENTS)

    def session(self) -> GlanceSession:
        return GlanceSession(self.engine, self._prepared)

    def dispose(self) -> None:
        self.engine.dispose()


def _engine(url: URL, cache_kib: int) -> Engine:
    engine = create_engine(
        url.set(drivername="sqlite"),
        isolation_level="AUTOCOMMIT",
        # Nothing to roll back or reset: autocommit reads leave no transaction behind.
        skip_autocommit_rollback=True,
        pool_reset_on_return=None,
        pool_size=2,
        max_overflow=8,
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only=ON")
        cursor.execute(f"PRAGMA busy_timeout={GLANCE_BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA cache_size=-{cache_kib}")
        cursor.close()

    return engine
