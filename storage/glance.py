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
from datetime import datetime
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.sql import Select

from domain.card import CardFacts
from domain.dto import IdentityRecord
from storage.repositories.accounts import read_identity
from storage.repositories.base import Reads
from storage.repositories.cards import read_card
from storage.repositories.fsm import read_conversation
from storage.repositories.moves import read_last_seen

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
    """What the repositories ask of a session to read (`execute`), over the glancer's sqlite3
    connection: no await inside, so the statement runs and returns on the loop's thread."""

    def __init__(self, glancer: Glancer) -> None:
        self._glancer = glancer

    async def execute(
        self, statement: Executable, params: Mapping[str, Any] | None = None
    ) -> GlanceResult:
        return self._glancer.execute(statement, params)

    def get_bind(self) -> Glancer:
        return self._glancer

    async def close(self) -> None:
        pass  # nothing is held: the statement was fetched whole


class Glances:
    """The chat's hot reads, each a few rows by key: an application's card (and the place its
    parent last saw on it), a Telegram user's identity, a conversation's state. On SQLite
    through the glancer (below); elsewhere through a Core connection of the reader engine.
    `UnitOfWorkFactory.glance()` hands one out."""

    def __init__(self, reads: Reads, dialect: str) -> None:
        self._reads = reads
        self._dialect = dialect

    async def card(self, application_id: int, history_limit: int) -> CardFacts | None:
        return await read_card(self._reads, self._dialect, application_id, history_limit)

    async def identity(self, telegram_user_id: int) -> IdentityRecord:
        return await read_identity(self._reads, telegram_user_id)

    async def conversation(self, key: str) -> tuple[str | None, dict[str, Any]]:
        return await read_conversation(self._reads, key)

    async def last_seen(self, parent_iin: str, application_id: int) -> tuple[int, datetime] | None:
        return await read_last_seen(self._reads, parent_iin, application_id)


class Glancer:
    """One sqlite3 connection for every glance of the process, and the prepared statements.

    One is enough: a glance runs its statement and fetches every row before it returns, so no
    two ever use the connection at once, and in autocommit mode each statement is a read of its
    own. It is opened on first use, by whichever thread runs the event loop."""

    dialect = _DIALECT

    def __init__(self, path: str, cache_kib: int) -> None:
        self._path = path
        self._cache_kib = cache_kib
        self._connection: sqlite3.Connection | None = None
        self._prepared: dict[Executable, _Prepared] = {}

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA query_only=ON")
            connection.execute(f"PRAGMA busy_timeout={GLANCE_BUSY_TIMEOUT_MS}")
            connection.execute(f"PRAGMA cache_size=-{self._cache_kib}")
            self._connection = connection
        return self._connection

    def execute(self, statement: Executable, params: Mapping[str, Any] | None) -> GlanceResult:
        prepared = self._prepared.get(statement)
        if prepared is None:
            if not isinstance(statement, Select):
                raise TypeError("a glance only reads")
            prepared = _Prepared.of(statement)
            if len(self._prepared) >= PREPARED_STATEMENTS:  # the oldest goes: a rare refill
                del self._prepared[next(iter(self._prepared))]
            self._prepared[statement] = prepared
        raw = self.connection.execute(prepared.sql, prepared.parameters(params)).fetchall()
        return GlanceResult(prepared.rows(raw))

    def session(self) -> GlanceSession:
        return GlanceSession(self)

    def dispose(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
