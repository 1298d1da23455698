"""`number,child_iin,applicant_iin,district_code,kind,language,benefit,submitted_at`.

Built for a million lines: the file is read as a stream, checked line by line and written in
batches inside one transaction, which is rolled back if any line is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from services.clock import ALMATY
from services.enums import ApplicationStatus, Benefit, KindergartenKind, Language
from services.imports.base import ImportReport
from services.imports.fields import Fields
from services.imports.problems import Problems
from services.imports.reader import read_lines
from storage.uow import UnitOfWork

BATCH = 5000


class ApplicationImporter:
    kind: str = "applications"
    columns: tuple[str, ...] = (
        "number",
        "child_iin",
        "applicant_iin",
        "district_code",
        "kind",
        "language",
        "benefit",
        "submitted_at",
    )

    async def run(
        self, uow: UnitOfWork, name: str, lines: Iterable[str], now: datetime
    ) -> ImportReport:
        problems = Problems(name)
        districts = {
            code: (d.id, d.queue_id) for code, d in (await uow.districts.by_code()).items()
        }
        first_line_of: dict[str, int] = {}
        batch: list[tuple[int, dict[str, Any]]] = []
        count = 0
        for line in read_lines(lines, self.columns, problems):
            count += 1
            row = self._check(Fields(problems, line), districts, now)
            number = line.values["number"]
            if number:
                first = first_line_of.setdefault(number, line.number)
                if first != line.number:
                    problems.add(
                        line.number, "number", "duplicate_in_file", value=number, first_line=first
                    )
                    continue
            if row is None or problems:
                continue
            batch.append((line.number, row))
            if len(batch) >= BATCH:
                await self._write(uow, batch, problems)
                batch = []
        if batch and not problems:
            await self._write(uow, batch, problems)
        problems.raise_if_any()
        return ImportReport(self.kind, name, count, count, 0)

    @staticmethod
    def _check(
        fields: Fields, districts: dict[str, tuple[int, int]], now: datetime
    ) -> dict[str, Any] | None:
        values = fields.line.values
        number = fields.text("number", maximum=40)
        child = fields.iin("child_iin")
        applicant = fields.iin("applicant_iin")
        district = districts.get(values["district_code"])
        if district is None:
            fields.problems.add(
                fields.line.number,
                "district_code",
                "unknown_district",
                value=values["district_code"],
            )
        kind = fields.choice("kind", KindergartenKind)
        language = fields.choice("language", Language)
        benefit = fields.choice("benefit", Benefit)
        submitted_at = fields.moment("submitted_at", not_after=now)
        if (
            child is not None
            and submitted_at is not None
            and submitted_at.astimezone(ALMATY).date() < child.birth_date
        ):
            fields.problems.add(
                fields.line.number,
                "submitted_at",
                "before_birth",
                value=values["submitted_at"],
                birth_date=child.birth_date.isoformat(),
            )
            return None
        if None in (number, child, applicant, district, kind, language, benefit, submitted_at):
            return None
        assert child is not None and applicant is not None and district is not None
        return {
            "number": number,
            "child_iin": child.value,
            "child_birth_date": child.birth_date,
            "group_year": child.birth_date.year,
            "applicant_iin": applicant.value,
            "district_id": district[0],
            "queue_id": district[1],
            "kind": kind,
            "language": language,
            "benefit": benefit,
            "submitted_at": submitted_at,
            "status": ApplicationStatus.IN_QUEUE,
            "status_changed_at": now,
            "misses": 0,
            "stop_listed_until": None,
        }

    @staticmethod
    async def _write(
        uow: UnitOfWork, batch: list[tuple[int, dict[str, Any]]], problems: Problems
    ) -> None:
        existing = await uow.applications.existing_numbers([row["number"] for _, row in batch])
        for line_number, row in batch:
            if row["number"] in existing:
                problems.add(line_number, "number", "duplicate_in_database", value=row["number"])
        if not problems:
            await uow.applications.insert_many([row for _, row in batch])
