from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, cast

from sqlalchemy import BigInteger, ColumnElement, Table, any_, bindparam, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.types import sql_constant


def one_of(column: Any, values: Iterable[Any]) -> Any:
    """`column IN (…)` for a fixed set, as equalities: an IN list is an "expanding" parameter
    that SQLAlchemy re-renders into the SQL on every execution of a prebuilt statement, which
    costs more than the hot statements themselves. Both databases plan the ORs as an IN. The
    values are fixed words (`sql_constant`: written into the SQL on SQLite)."""
    return or_(*(column == sql_constant(value, column.type) for value in values))


def table_of(model: Any) -> Table:
    """A model's Core table. Hot statements are prebuilt on it with bound parameters: built
    and keyed once, they cost SQLAlchemy half of what a statement built per call does (and
    an UPDATE on the table skips the ORM's bulk-update bookkeeping)."""
    return cast(Table, model.__table__)


class Rows(Protocol):
    def first(self) -> Any: ...


class Reads(Protocol):
    """What a read of a few rows by key asks of its session: an async session, or a glance's
    synchronous reader (storage.glance)."""

    async def execute(self, statement: Any, params: Mapping[str, Any] | None = ..., /) -> Any: ...


CHUNK = 2000  # ids per IN (…): well under both databases' limits on bound parameters


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        bind = self.session.get_bind()
        return bind.dialect.name

    async def update_or_add(self, update: Any, row: Any) -> None:
        """A row's fields by the UPDATE `update`; `row` is added when it changed none (its
        first time)."""
        changed = await self.session.execute(update)
        if not changed.rowcount:  # type: ignore[attr-defined]  # a CursorResult
            self.session.add(row)
            await self.session.flush()

    def insert_ignoring_conflicts(self, table: Any, index_elements: list[str]) -> Any:
        """INSERT … ON CONFLICT DO NOTHING, the way each database spells it."""
        if self.dialect == "postgresql":
            return postgresql.insert(table).on_conflict_do_nothing(index_elements=index_elements)
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=index_elements)

    def ids_in(self, column: Any, ids: Sequence[int]) -> ColumnElement[bool]:
        """`column IN (ids)`; on PostgreSQL `column = ANY($1)` with one array parameter, which
        spares SQLAlchemy rendering thousands of bound parameters into every chunk's SQL."""
        condition: ColumnElement[bool]
        if self.dialect == "postgresql":
            array = bindparam(None, list(ids), type_=postgresql.ARRAY(BigInteger))
            condition = column == any_(array)
        else:
            condition = column.in_(ids)
        return condition

    @property
    def locks_rows(self) -> bool:
        # SQLite has one writer (BEGIN IMMEDIATE), so row locks would add nothing there.
        return self.dialect == "postgresql"
