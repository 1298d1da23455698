"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import enum
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Dialect, Enum, literal_column
from sqlalchemy.sql import operators
from sqlalchemy.sql.operators import OperatorType
from sqlalchemy.types import TypeDecorator, TypeEngine


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out. SQLite keeps no offset, so values are stored
    as naive UTC everywhere; comparisons in SQL then stay correct on both databases."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def sql_constant(
    value: enum.Enum | str, type_: TypeEngine[Any] | None = None
) -> ColumnElement[Any]:
    """A fixed word (a status, a kind) written into the SQL itself rather than bound.

    SQLite re-prepares a statement on every execution when a bound parameter is compared with a
    column that a partial index's WHERE names (`applications.status`, `offers.status`, …): it
    must check whether the index applies to the new value. That costs ~0.2 ms on the card's
    statement, ten times its run. Written in, the constant is part of the cached SQL; PostgreSQL
    can then also match its partial indexes in a generic plan."""
    word = value.value if isinstance(value, enum.Enum) else value
    if not isinstance(word, str) or _WORD.fullmatch(word) is None:
        raise ValueError(f"not a fixed word: {word!r}")
    return literal_column(f"'{word}'", type_)


_WORD = re.compile(r"[a-z][a-z0-9_]*")


class ConstantEnum(Enum):
    """An Enum column whose comparisons with members write the member into the SQL
    (`sql_constant`): `Application.status == ApplicationStatus.IN_QUEUE` and `.in_(…)` stay
    ordinary expressions everywhere in the code."""

    cache_ok = True

    class Comparator(Enum.Comparator):
        def operate(self, op: OperatorType, *other: Any, **kwargs: Any) -> ColumnElement[Any]:
            if op in (operators.eq, operators.ne) and len(other) == 1:
                if isinstance(other[0], enum.Enum):
                    other = (sql_constant(other[0], self.type),)
            elif op in (operators.in_op, operators.not_in_op) and len(other) == 1:
                values = other[0]
                if isinstance(values, list | tuple | set | frozenset) and all(
                    isinstance(value, enum.Enum) for value in values
                ):
                    constants = [sql_constant(value, self.type) for value in values]
                    other = (sorted(constants, key=str),)
            return super().operate(op, *other, **kwargs)

    comparator_factory = Comparator
