"""What is wrong with an import file, said plainly, with the file, line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.errors import DomainError
from services.texts import N_

MAX_PROBLEMS = 50

# English sentences for the ops CLI; the chat shows the same sentences translated (gettext).
MESSAGES: dict[str, str] = {
    "not_text": N_("the file is not UTF-8 text (save it as CSV UTF-8)"),
    "empty_file": N_("the file has no header line"),
    "no_rows": N_("the file has a header but no data lines"),
    "missing_columns": N_("the header lacks the column(s) {missing}; expected: {expected}"),
    "unknown_columns": N_("the header has unknown column(s) {unknown}; expected: {expected}"),
    "field_count": N_("expected {expected} values separated by '{delimiter}', found {found}"),
    "required": N_("a value is required here"),
    "too_long": N_("the value is longer than {maximum} characters"),
    "bad_code": N_("'{value}' is not a code (letters, digits, '-', '_' and '.' only)"),
    "invalid_iin": N_("'{value}' is not a valid IIN ({reason})"),
    "unknown_district": N_("there is no district with the code '{value}' (import districts first)"),
    "unknown_kindergarten": N_(
        "there is no kindergarten with the code '{value}' (import kindergartens first)"
    ),
    "bad_choice": N_("'{value}' is not one of: {allowed}"),
    "bad_ratio": N_("'{value}' is not a ratio like 1:3 (or empty for strict order)"),
    "ratio_conflict": N_(
        "queue '{queue}' already has {other} on line {other_line}; one queue has one ratio"
    ),
    "bad_datetime": N_("'{value}' is not a date and time in ISO 8601, e.g. 2025-03-01T09:30:00"),
    "future_datetime": N_("'{value}' is in the future"),
    "before_birth": N_("'{value}' is before the child's birth date {birth_date}"),
    "bad_integer": N_("'{value}' is not a whole number"),
    "bad_number": N_("'{value}' is not a number like 43.2389"),
    "coordinate_pair": N_("give both latitude and longitude, or neither"),
    "outside_kazakhstan": N_(
        "{latitude}, {longitude} is outside Kazakhstan (latitude 40.5–55.5, longitude 46.4–87.4)"
    ),
    "out_of_range": N_("{value} is outside the allowed range {low}–{high}"),
    "language_not_taught": N_(
        "kindergarten '{kindergarten}' does not teach in '{value}' (it teaches {languages})"
    ),
    "duplicate_in_file": N_("'{value}' already appears on line {first_line}"),
    "duplicate_in_database": N_("an application numbered '{value}' already exists"),
    "own_parent": N_("the child's own IIN cannot be a parent's IIN"),
    "too_many_lines": N_("the file has more than {maximum} lines"),
    "database_refused": N_("the database refused the file; please send it to the developers"),
}


@dataclass(frozen=True, slots=True)
class CsvProblem:
    file: str
    line: int
    column: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        return MESSAGES[self.code].format(**self.params)

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message()}"


class ImportRefused(DomainError):
    """All or nothing: the file had problems and nothing was written."""

    code = "import_refused"

    def __init__(self, problems: list[CsvProblem], more: bool) -> None:
        super().__init__(count=len(problems))
        self.problems = problems
        self.more = more

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.more:
            lines.append(f"… and more (only the first {MAX_PROBLEMS} problems are listed)")
        return "\n".join(lines)


class Problems:
    """Collects problems of one file, up to a limit."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[CsvProblem] = []
        self.more = False

    def add(self, line: int, column: str | None, code: str, **params: Any) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.more = True
            return
        self.items.append(CsvProblem(self.file, line, column, code, params))

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def full(self) -> bool:
        return self.more

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRefused(self.items, self.more)
