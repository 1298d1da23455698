"""`code,name_kk,name_ru,queue_code,priority_ratio`: districts and their queues (R4, R6)."""

from __future__ import annotations

from datetime import datetime

from domain.queue_order import Ratio, parse_ratio
from services.imports.base import ImportReport
from services.imports.fields import Fields
from services.imports.problems import Problems
from services.imports.reader import CsvLine, CsvSource, read_lines
from storage.uow import UnitOfWork


class DistrictImporter:
    kind: str = "districts"
    columns: tuple[str, ...] = ("code", "name_kk", "name_ru", "queue_code", "priority_ratio")

    async def run(self, uow: UnitOfWork, source: CsvSource, now: datetime) -> ImportReport:
        problems = Problems(source.name)
        with source.open() as lines:
            parsed = list(read_lines(lines, self.columns, problems))
        rows: list[tuple[str, str, str, str]] = []
        ratios: dict[str, tuple[Ratio | None, int]] = {}
        seen: dict[str, int] = {}
        for line in parsed:
            row = self._row(line, Fields(problems, line), problems, ratios, seen)
            if row is not None:
                rows.append(row)
        problems.raise_if_any()
        queue_ids = {q: await uow.queues.upsert(q, r) for q, (r, _) in ratios.items()}
        existing = await uow.districts.by_code()
        moved = []
        for code, name_kk, name_ru, queue_code in rows:
            district_id, previous_queue = await uow.districts.upsert(
                code, name_kk, name_ru, queue_ids[queue_code]
            )
            if previous_queue is not None:
                # Applications and places carry their queue; a district that joins another queue
                # takes them along.
                await uow.applications.move_district_to_queue(district_id, queue_ids[queue_code])
                await uow.places.move_district_to_queue(district_id, queue_ids[queue_code])
                moved.append(code)
        notes = [f"moved to another queue: {', '.join(moved)}"] if moved else []
        created = sum(code not in existing for code, *_ in rows)
        return ImportReport(
            self.kind, source.name, len(parsed), created, len(rows) - created, notes
        )

    @staticmethod
    def _row(
        line: CsvLine,
        fields: Fields,
        problems: Problems,
        ratios: dict[str, tuple[Ratio | None, int]],
        seen: dict[str, int],
    ) -> tuple[str, str, str, str] | None:
        """A district's row, or None with the line's problems recorded. One queue has one ratio
        (R6), whichever line names it."""
        code = fields.code("code")
        name_kk = fields.text("name_kk", maximum=200)
        name_ru = fields.text("name_ru", maximum=200)
        queue_code = fields.code("queue_code")
        try:
            ratio = parse_ratio(line.values["priority_ratio"])
        except ValueError:
            problems.add(
                line.number, "priority_ratio", "bad_ratio", value=line.values["priority_ratio"]
            )
            return None
        if fields.repeated("code", code, seen):
            return None
        if queue_code is not None and queue_code in ratios and ratios[queue_code][0] != ratio:
            other, other_line = ratios[queue_code]
            problems.add(
                line.number,
                "priority_ratio",
                "ratio_conflict",
                queue=queue_code,
                other=str(other) if other else "strict order",
                other_line=other_line,
            )
            return None
        if code is None or name_kk is None or name_ru is None or queue_code is None:
            return None
        seen[code] = line.number
        ratios.setdefault(queue_code, (ratio, line.number))
        return code, name_kk, name_ru, queue_code
