"""`code,district_code,kind,name_kk,name_ru,address_kk,address_ru,languages`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.enums import KindergartenKind
from services.imports.base import ImportReport
from services.imports.fields import Fields
from services.imports.problems import Problems
from services.imports.reader import CsvSource, read_lines
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

    async def run(self, uow: UnitOfWork, source: CsvSource, now: datetime) -> ImportReport:
        name = source.name
        problems = Problems(name)
        districts = await uow.districts.by_code()
        rows: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        count = 0
        with source.open() as lines:
            parsed = list(read_lines(lines, self.columns, problems))
        for line in parsed:
            count += 1
            fields = Fields(problems, line)
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
                continue
            if code is not None and code in seen:
                problems.add(
                    line.number, "code", "duplicate_in_file", value=code, first_line=seen[code]
                )
                continue
            if code is None or district is None or kind is None or None in texts.values():
                continue
            seen[code] = line.number
            rows.append(
                {
                    "code": code,
                    "district_id": district.id,
                    "queue_id": district.queue_id,
                    "kind": kind,
                    "languages": languages,
                    **texts,
                }
            )
        problems.raise_if_any()
        existing = await uow.kindergartens.all_by_code()
        for row in rows:
            await uow.kindergartens.upsert(**row)
        created = sum(row["code"] not in existing for row in rows)
        return ImportReport(self.kind, name, count, created, len(rows) - created)
