"""`iin,surname,name,patronymic,parent_iins,enrolled_kindergarten_code` (R3, R16)."""

from __future__ import annotations

from datetime import datetime

from services.imports.base import ImportReport
from services.imports.fields import Fields
from services.imports.problems import Problems
from services.imports.reader import CsvSource, read_lines
from storage.uow import UnitOfWork


class ChildImporter:
    kind: str = "children"
    columns: tuple[str, ...] = (
        "iin",
        "surname",
        "name",
        "patronymic",
        "parent_iins",
        "enrolled_kindergarten_code",
    )

    async def run(self, uow: UnitOfWork, source: CsvSource, now: datetime) -> ImportReport:
        name = source.name
        problems = Problems(name)
        kindergartens = await uow.kindergartens.all_by_code()
        rows: list[dict[str, object]] = []
        parents: dict[str, list[str]] = {}
        seen: dict[str, int] = {}
        count = 0
        with source.open() as lines:
            parsed = list(read_lines(lines, self.columns, problems))
        for line in parsed:
            count += 1
            fields = Fields(problems, line)
            iin = fields.iin("iin")
            surname = fields.text("surname", maximum=100)
            first_name = fields.text("name", maximum=100)
            patronymic = fields.text("patronymic", maximum=100, required=False)
            parent_iins = []
            for raw in line.values["parent_iins"].split():
                parent = fields.iin_value("parent_iins", raw)
                if parent is not None:
                    if iin is not None and parent.value == iin.value:
                        problems.add(line.number, "parent_iins", "own_parent")
                    parent_iins.append(parent.value)
            enrolled_code = line.values["enrolled_kindergarten_code"]
            enrolled = kindergartens.get(enrolled_code) if enrolled_code else None
            if enrolled_code and enrolled is None:
                problems.add(
                    line.number,
                    "enrolled_kindergarten_code",
                    "unknown_kindergarten",
                    value=enrolled_code,
                )
            if iin is not None and iin.value in seen:
                problems.add(
                    line.number,
                    "iin",
                    "duplicate_in_file",
                    value=iin.value,
                    first_line=seen[iin.value],
                )
                continue
            if iin is None or surname is None or first_name is None or patronymic is None:
                continue
            seen[iin.value] = line.number
            rows.append(
                {
                    "iin": iin.value,
                    "surname": surname,
                    "name": first_name,
                    "patronymic": patronymic,
                    "birth_date": iin.birth_date,
                    "enrolled_kindergarten_id": enrolled.id if enrolled else None,
                }
            )
            parents[iin.value] = sorted(set(parent_iins))
        problems.raise_if_any()
        existing = await uow.children.existing([str(r["iin"]) for r in rows])
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            await uow.children.upsert_many(
                chunk, {str(r["iin"]): parents[str(r["iin"])] for r in chunk}
            )
        return ImportReport(self.kind, name, count, len(rows) - len(existing), len(existing))
