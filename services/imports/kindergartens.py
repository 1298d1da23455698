"""`code,district_code,kind,name_kk,name_ru,address_kk,address_ru,languages`, and optionally
`latitude,longitude` (both or neither, inside Kazakhstan; a file without these columns leaves
the coordinates as they are)."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from domain.dto import DistrictRow
from domain.enums import KindergartenKind
from domain.geo import inside_kazakhstan
from services.imports.base import ImportReport
from services.imports.fields import Fields
from services.imports.problems import Problems
from services.imports.reader import CsvLine, CsvSource, read_lines
from storage.repositories.kindergartens import UNCHANGED, Unchanged
from storage.uow import UnitOfWork

LANGUAGE_SETS = ("kk", "ru", "kk+ru")


class KindergartenImporter:
    kind: str = "kindergartens"
    columns: tuple[str, ...] = (
        "code",
        "district_code",
        "kind",
        "name_kk",
        "name_ru",
        "address_kk",
        "address_ru",
        "languages",
    )
    optional: tuple[str, ...] = ("latitude", "longitude")  # a file may have them too

    async def run(self, uow: UnitOfWork, source: CsvSource, now: datetime) -> ImportReport:
        problems = Problems(source.name)
        districts = await uow.districts.by_code()
        with source.open() as lines:
            parsed = list(read_lines(lines, self.columns, problems, optional=self.optional))
        rows: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for line in parsed:
            row = self._row(line, Fields(problems, line), problems, districts, seen)
            if row is not None:
                rows.append(row)
        problems.raise_if_any()
        existing = await uow.kindergartens.all_by_code()
        for row in rows:
            await uow.kindergartens.upsert(**row)
        created = sum(row["code"] not in existing for row in rows)
        return ImportReport(self.kind, source.name, len(parsed), created, len(rows) - created)

    @staticmethod
    def _row(
        line: CsvLine,
        fields: Fields,
        problems: Problems,
        districts: dict[str, DistrictRow],
        seen: dict[str, int],
    ) -> dict[str, Any] | None:
        """A kindergarten's row, or None with the line's problems recorded."""
        code = fields.code("code")
        district_code = line.values["district_code"]
        district = districts.get(district_code)
        if district is None:
            problems.add(line.number, "district_code", "unknown_district", value=district_code)
        kind = fields.choice("kind", KindergartenKind)
        texts = {
            c: fields.text(c, maximum=300)
            for c in ("name_kk", "name_ru", "address_kk", "address_ru")
        }
        languages = line.values["languages"].lower().replace(" ", "")
        if languages == "ru+kk":
            languages = "kk+ru"
        if languages not in LANGUAGE_SETS:
            problems.add(
                line.number,
                "languages",
                "bad_choice",
                value=line.values["languages"],
                allowed=", ".join(LANGUAGE_SETS),
            )
            return None
        coordinates = _coordinates(line, problems)
        if fields.repeated("code", code, seen):
            return None
        if code is None or district is None or kind is None or None in texts.values():
            return None
        if isinstance(coordinates, Invalid):
            return None
        seen[code] = line.number
        return {
            "code": code,
            "district_id": district.id,
            "queue_id": district.queue_id,
            "kind": kind,
            "languages": languages,
            "coordinates": coordinates,
            **texts,
        }


class Invalid:
    """A value whose problem is recorded."""


INVALID = Invalid()


def _number(line: CsvLine, column: str, problems: Problems) -> float | Invalid | None:
    value = line.values[column].replace(",", ".")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        problems.add(line.number, column, "bad_number", value=line.values[column])
        return INVALID
    return number


def _coordinates(
    line: CsvLine, problems: Problems
) -> tuple[float, float] | Unchanged | Invalid | None:
    """(latitude, longitude), None when both are empty, UNCHANGED when the file has no such
    columns, INVALID (with the problem recorded) otherwise."""
    if "latitude" not in line.values or "longitude" not in line.values:
        return UNCHANGED
    latitude = _number(line, "latitude", problems)
    longitude = _number(line, "longitude", problems)
    if isinstance(latitude, Invalid) or isinstance(longitude, Invalid):
        return INVALID
    if latitude is None and longitude is None:
        return None
    if latitude is None or longitude is None:
        missing = "latitude" if latitude is None else "longitude"
        problems.add(line.number, missing, "coordinate_pair")
        return INVALID
    point = (latitude, longitude)
    if not inside_kazakhstan(point):
        problems.add(
            line.number, "latitude", "outside_kazakhstan", latitude=point[0], longitude=point[1]
        )
        return INVALID
    return point
