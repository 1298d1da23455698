"""`iin,surname,name,patronymic,parent_iins,enrolled_kindergarten_code` (R3, R16)."""

from __future__ import annotations

from datetime import datetime

from domain.dto import KindergartenRow
from services.imports.base import ImportReport
from services.imports.fields import Fields
from services.imports.problems import Problems
from services.imports.reader import CsvLine, CsvSource, read_lines
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
        problems = Problems(source.name)
        kindergartens = await uow.kindergartens.all_by_code()
        with source.open() as lines:
            parsed = list(read_lines(lines, self.columns, problems))
        rows: list[dict[str, object]] = []
        parents: dict[str, list[str]] = {}
        seen: dict[str, int] = {}
        for line in parsed:
            row = self._row(line, Fields(problems, line), problems, kindergartens, seen)
            if row is not None:
                child, parent_iins = row
                rows.append(child)
                parents[str(child["iin"])] = parent_iins
        problems.raise_if_any()
        existing = await uow.children.existing([str(r["iin"]) for r in rows])
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            await uow.children.upsert_many(
                chunk, {str(r["iin"]): parents[str(r["iin"])] for r in chunk}
            )
        created = len(rows) - len(existing)
        return ImportReport(self.kind, source.name, len(parsed), created, len(existing))

    @staticmethod
    def _row(
        line: CsvLine,
        fields: Fields,
        problems: Problems,
        kindergartens: dict[str, KindergartenRow],
        seen: dict[str, int],
    ) -> tuple[dict[str, object], list[str]] | None:
        """A child's row and their parents' IINs, or None with the line's problems recorded."""
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
        if fields.repeated("iin", iin.value if iin else None, seen):
            return None
        if iin is None or surname is None or first_name is None or patronymic is None:
            return None
        seen[iin.value] = line.number
        child: dict[str, object] = {
            "iin": iin.value,
            "surname": surname,
            "name": first_name,
            "patronymic": patronymic,
            "birth_date": iin.birth_date,
            "enrolled_kindergarten_id": enrolled.id if enrolled else None,
        }
        return child, sorted(set(parent_iins))
