"""Checks of single values; each records a problem and returns None when the value is wrong."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from services.clock import ensure_aware
from services.errors import InvalidIin
from services.iin import Iin, parse_iin
from services.imports.problems import Problems
from services.imports.reader import CsvLine

E = TypeVar("E", bound=StrEnum)

_CODE = re.compile(r"^[A-Za-z0-9_.\-]+$")
_IIN_REASONS = {
    "not_12_digits": "it must be 12 digits",
    "century_digit": "the 7th digit must be 1–6",
    "birth_date": "the first six digits are not a date",
    "checksum": "the check digit does not match",
}


class Fields:
    def __init__(self, problems: Problems, line: CsvLine) -> None:
        self.problems = problems
        self.line = line

    def _problem(self, column: str, code: str, **params: object) -> None:
        self.problems.add(self.line.number, column, code, **params)

    def repeated(self, column: str, value: str | None, seen: dict[str, int]) -> bool:
        """A key the file already had on an earlier line (`seen`: key → its line)."""
        if value is None or value not in seen:
            return False
        self._problem(column, "duplicate_in_file", value=value, first_line=seen[value])
        return True

    def text(self, column: str, *, maximum: int, required: bool = True) -> str | None:
        value = self.line.values[column]
        if not value and required:
            self._problem(column, "required")
            return None
        if len(value) > maximum:
            self._problem(column, "too_long", maximum=maximum)
            return None
        return value

    def code(self, column: str, *, maximum: int = 32) -> str | None:
        value = self.text(column, maximum=maximum)
        if value is not None and not _CODE.match(value):
            self._problem(column, "bad_code", value=value)
            return None
        return value

    def iin(self, column: str) -> Iin | None:
        value = self.line.values[column]
        if not value:
            self._problem(column, "required")
            return None
        return self.iin_value(column, value)

    def iin_value(self, column: str, value: str) -> Iin | None:
        try:
            return parse_iin(value)
        except InvalidIin as exc:
            self._problem(column, "invalid_iin", value=value, reason=_IIN_REASONS[exc.reason])
            return None

    def choice(self, column: str, kind: type[E]) -> E | None:
        value = self.line.values[column]
        try:
            return kind(value.lower())
        except ValueError:
            self._problem(
                column, "bad_choice", value=value, allowed=", ".join(m.value for m in kind)
            )
            return None

    def integer(self, column: str, *, low: int, high: int) -> int | None:
        value = self.line.values[column]
        if not value.lstrip("-").isdigit():
            self._problem(column, "bad_integer", value=value)
            return None
        number = int(value)
        if not low <= number <= high:
            self._problem(column, "out_of_range", value=number, low=low, high=high)
            return None
        return number

    def moment(self, column: str, *, not_after: datetime) -> datetime | None:
        """ISO 8601; without an offset it is Almaty time."""
        value = self.line.values[column]
        try:
            moment = ensure_aware(datetime.fromisoformat(value.replace(" ", "T", 1)))
        except ValueError:
            self._problem(column, "bad_datetime", value=value)
            return None
        if moment > not_after:
            self._problem(column, "future_datetime", value=value)
            return None
        return moment
