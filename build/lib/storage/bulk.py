"""Bulk inserts without per-value type processing.

A million-line import or a sweep over 100,000 referrals writes rows in bulk. SQLAlchemy processes
every bound value through its type (≈ 30 µs a row here); for SQLite the values can be turned into
what the driver stores in one cheap pass and handed to `executemany` directly. The stored text is
exactly what SQLAlchemy's own types write (dates as ISO text, datetimes as naive UTC
`YYYY-MM-DD HH:MM:SS.ffffff`, JSON as `json.dumps`; our enums are `StrEnum`s, which the driver
binds as their text), so rows read back through the models the same way — tests read imported
rows back through the ORM to prove it.
On PostgreSQL the same rows go to asyncpg's `executemany` (pipelined, binary) with the values
asyncpg binds natively: naive UTC datetimes for our `timestamp` columns, JSON as text, enums as
their text. SQLAlchemy's typed path costs ~20 µs a row there, most of a 100,000-referral sweep.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Date, Enum, String, Table
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


def _naive_utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _converter(column_type: Any) -> Converter | None:
    if isinstance(column_type, UtcDateTime):
        return _utc_text
    if isinstance(column_type, Date):
        return _date_text
    if isinstance(column_type, JSON):
        return _json_text
    if isinstance(column_type, Enum | String):
        # sqlite3 binds an exact str directly but sends a StrEnum member through its adapter
        # lookup (≈ 1 µs a value): plain text is cheaper, and the stored text is the same.
        return _text
    return None  # numbers go to the driver as they are


def _postgresql_converter(column_type: Any) -> Converter | None:
    if isinstance(column_type, UtcDateTime):
        return _naive_utc
    if isinstance(column_type, JSON):
        return _json_text
    if isinstance(column_type, Enum | String):
        return _text  # asyncpg's text codec wants a plain str, not a StrEnum member
    return None


class BulkInsert:
    def __init__(
        self, table: Table, columns: Sequence[str], *, ignore_conflicts: bool = False
    ) -> None:
        self.table = table
        self.columns = tuple(columns)
        self._values = itemgetter(*self.columns)
        types = [table.c[name].type for name in self.columns]
        self._conversions = _conversions([_converter(t) for t in types])
        self._postgresql_conversions = _conversions([_postgresql_converter(t) for t in types])
        verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
        names = ", ".join(self.columns)
        self._sqlite = (
            f"{verb} INTO {table.name} ({names}) VALUES ({', '.join('?' for _ in self.columns)})"
        )
        self._postgresql = (
            f"INSERT INTO {table.name} ({names}) "
            f"VALUES ({', '.join(f'${i}' for i in range(1, len(self.columns) + 1))})"
            + (" ON CONFLICT DO NOTHING" if ignore_conflicts else "")
        )

    async def run(self, session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
        """Inserts rows given as column → value."""
        await self.run_tuples(session, [self._values(row) for row in rows])

    async def run_tuples(self, session: AsyncSession, rows: Sequence[Sequence[Any]]) -> None:
        """Inserts rows given as values in the order of `columns` (no dict per row)."""
        if not rows:
            return
        connection = await session.connection()
        if connection.dialect.name == "sqlite":
            # For SQLite the text conversion only saves sqlite3's adapter lookup for a StrEnum
            # (the stored text is the same): a column that arrives as plain text is left alone.
            first = rows[0]
            conversions = [
                (i, f) for i, f in self._conversions if f is not _text or type(first[i]) is not str
            ]
            await connection.exec_driver_sql(self._sqlite, _converted(rows, conversions))
        else:
            # The driver's own executemany, inside the session's transaction.
            await connection.exec_driver_sql(
                self._postgresql, _converted(rows, self._postgresql_conversions)
            )


def _conversions(converters: list[Converter | None]) -> list[tuple[int, Converter]]:
    return [(i, f) for i, f in enumerate(converters) if f is not None]


def _converted(
    rows: Sequence[Sequence[Any]], conversions: list[tuple[int, Converter]]
) -> list[Any]:
    if not conversions:
        return list(rows)
    values: list[Any] = []
    # A batch repeats the same moment in a column ("now", one deadline) row after row.
    last: dict[int, tuple[Any, Any]] = {}
    for row in rows:
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
    return values
