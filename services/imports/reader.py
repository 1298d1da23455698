"""Reading a CSV file line by line, with its header checked and every line numbered."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from services.imports.problems import Problems


@dataclass(frozen=True, slots=True)
class CsvLine:
    number: int
    values: dict[str, str]


def read_header(
    lines: Iterator[str], columns: tuple[str, ...], problems: Problems, optional: tuple[str, ...]
) -> tuple[list[str], str] | None:
    """The header's columns and the delimiter (a comma, or a semicolon as Excel writes it in
    Kazakhstan); None, with the problem recorded, when the header is not the expected one: every
    one of `columns`, and of `optional` any or none."""
    try:
        header_text = next(lines, None)
    except UnicodeDecodeError:
        problems.add(1, None, "not_text")
        return None
    if header_text is None or not header_text.strip():
        problems.add(1, None, "empty_file")
        return None
    header_text = header_text.lstrip("\ufeff")
    delimiter = ";" if header_text.count(";") > header_text.count(",") else ","
    header = [h.strip().lower() for h in next(csv.reader([header_text], delimiter=delimiter))]
    expected = ", ".join((*columns, *(f"[{c}]" for c in optional)))
    missing = [c for c in columns if c not in header]
    unknown = [h for h in header if h not in columns and h not in optional]
    if missing:
        problems.add(1, None, "missing_columns", missing=", ".join(missing), expected=expected)
    if unknown:
        problems.add(1, None, "unknown_columns", unknown=", ".join(unknown), expected=expected)
    return None if missing or unknown else (header, delimiter)


def read_lines(
    source: Iterable[str],
    columns: tuple[str, ...],
    problems: Problems,
    *,
    optional: tuple[str, ...] = (),
) -> Iterator[CsvLine]:
    """Yields the data lines as column → stripped value. Header problems and undecodable text
    are recorded in `problems` and end the reading."""
    lines = iter(source)
    found = read_header(lines, columns, problems, optional)
    if found is None:
        return
    header, delimiter = found
    reader = csv.reader(lines, delimiter=delimiter)
    number = 1
    seen_rows = False
    try:
        for row in reader:
            number = reader.line_num + 1
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            seen_rows = True
            if len(row) != len(header):
                problems.add(
                    number,
                    None,
                    "field_count",
                    expected=len(header),
                    found=len(row),
                    delimiter=delimiter,
                )
                continue
            yield CsvLine(number, {h: v.strip() for h, v in zip(header, row, strict=True)})
    except UnicodeDecodeError:
        problems.add(number + 1, None, "not_text")
        return
    except csv.Error as exc:
        problems.add(
            number + 1,
            None,
            "field_count",
            expected=len(header),
            found=str(exc),
            delimiter=delimiter,
        )
        return
    if not seen_rows:
        problems.add(2, None, "no_rows")


class CsvSource(Protocol):
    """A CSV file that can be read more than once (a failed import reads it again to explain)."""

    @property
    def name(self) -> str: ...

    def open(self) -> AbstractContextManager[Iterable[str]]: ...


@dataclass(frozen=True)
class FileSource:
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    def open(self) -> AbstractContextManager[Iterable[str]]:
        return self.path.open(encoding="utf-8-sig", newline="")


@dataclass(frozen=True)
class BytesSource:
    """An uploaded file. Text that is not UTF-8 is reported by `read_lines` at its line."""

    file_name: str
    data: bytes

    @property
    def name(self) -> str:
        return self.file_name

    def open(self) -> AbstractContextManager[Iterable[str]]:
        return io.TextIOWrapper(io.BytesIO(self.data), encoding="utf-8-sig", newline="")


@dataclass(frozen=True)
class TextSource:
    file_name: str
    text: str

    @property
    def name(self) -> str:
        return self.file_name

    def open(self) -> AbstractContextManager[Iterable[str]]:
        return io.StringIO(self.text, newline="")
