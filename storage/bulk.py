"""Bulk inserts without per-value type processing, for SQLite.

A million-line import or a sweep over 100,000 referrals writes rows in bulk. SQLAlchemy processes
every bound value through its type (≈ 30 µs a row here); for SQLite the values can be turned into
what the driver stores in one cheap pass and handed to `executemany` directly. The stored text is
exactly what SQLAlchemy's own types write (dates as ISO text, datetimes as naive UTC
`YYYY-MM-DD HH:MM:SS.ffffff`, JSON as `json.dumps`; our enums are `StrEnum`s, which the driver
binds as their text), so rows read back through the models the same way — tests read imported
rows back through the ORM to prove it.
PostgreSQL keeps the ordinary typed path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Date, Table, insert
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from storage.types import UtcDateTime

Converter = Callable[[Any], Any]


def _utc_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _date_text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _converter(column_type: Any) -> Converter | None:
    if isinstance(column_type, UtcDateTime):
        return _utc_text
    if isinstance(column_type, Date):
        return _date_text
    if isinstance(column_type, JSON):
        return _json_text
    return None  # text, numbers and StrEnum members go to the driver as they are


class BulkInsert:
    def __init__(
        self, table: Table, columns: Sequence[str], *, ignore_conflicts: bool = False
    ) -> None:
        self.table = table
        self.columns = tuple(columns)
        self._values = itemgetter(*self.columns)
        converters = [_converter(table.c[name].type) for name in self.columns]
        self._conversions = [(i, f) for i, f in enumerate(converters) if f is not None]
        self._ignore_conflicts = ignore_conflicts
        verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
        self._sqlite = (
            f"{verb} INTO {table.name} ({', '.join(self.columns)}) "
            f"VALUES ({', '.join('?' for _ in self.columns)})"
        )

    async def run(self, session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
        """Inserts rows given as column → value."""
        await self.run_tuples(session, [self._values(row) for row in rows])

    async def run_tuples(self, session: AsyncSession, rows: Sequence[Sequence[Any]]) -> None:
        """Inserts rows given as values in the order of `columns` (no dict per row)."""
        if not rows:
            return
        if session.get_bind().dialect.name != "sqlite":
            statement: Any = insert(self.table)
            if self._ignore_conflicts:
                statement = postgresql.insert(self.table).on_conflict_do_nothing()
            await session.execute(
                statement, [dict(zip(self.columns, row, strict=True)) for row in rows]
            )
            return
        values: list[Any] = []
        # A batch repeats the same moment in a column ("now", one deadline) row after row.
        last: dict[int, tuple[Any, Any]] = {}
        conversions = self._conversions
        for row in rows:
            if not conversions:
                values.append(row)
                continue
            value = list(row)
            for index, convert in conversions:
                original = value[index]
                seen = last.get(index)
                if seen is not None and seen[0] is original:
                    value[index] = seen[1]
                else:
                    value[index] = converted = convert(original)
                    last[index] = (original, converted)
            values.append(tuple(value))
        connection = await session.connection()
        await connection.exec_driver_sql(self._sqlite, values)
