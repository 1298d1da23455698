"""`number,child_iin,applicant_iin,district_code,kind,language,benefit,submitted_at`.

Built for a million lines: the file is read as a stream, checked line by line and written in
batches inside one transaction, which is rolled back if any line is wrong; the file is then read
once more, without writing, to name every problem. While one batch is being written by the
database's thread, the next lines are being checked.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from domain.enums import ApplicationStatus, Benefit, KindergartenKind, Language
from services.clock import ALMATY, ensure_aware
from services.errors import InvalidIin
from services.iin import parse_iin
from services.imports.base import ImportReport, NeedsExplaining
from services.imports.fields import Fields
from services.imports.problems import Problems
from services.imports.reader import CsvSource, read_lines
from storage.errors import UniqueViolation
from storage.uow import UnitOfWork

BATCH = 5000
YIELD_EVERY = 500
MAX_NUMBER_LENGTH = 40
_KINDS = {k.value: k for k in KindergartenKind}
_LANGUAGES = {k.value: k for k in Language}
_BENEFITS = {k.value: k for k in Benefit}

Districts = dict[str, tuple[int, int]]


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

    async def run(self, uow: UnitOfWork, source: CsvSource, now: datetime) -> ImportReport:
        """Writes optimistically: the first problem (a bad value, or a number the unique index
        refuses) stops the import, and `explain` then reads the file again to list them all.
        A good file is thus never held in memory, however long it is."""
        districts = await _districts(uow)
        problems = Problems(source.name)
        batch: list[dict[str, Any]] = []
        writing: asyncio.Task[None] | None = None
        count = 0
        try:
            with source.open() as lines:
                for line in read_lines(lines, self.columns, problems):
                    count += 1
                    if count % YIELD_EVERY == 0:
                        # Lets the running insert (and, in the bot, every chat) make progress.
                        await asyncio.sleep(0)
                    row = _fast_row(line.values, districts, now)
                    if row is None:
                        raise NeedsExplaining()
                    batch.append(row)
                    if len(batch) >= BATCH:
                        if writing is not None:
                            await writing
                        # The insert runs in the database's thread while the next lines are read.
                        writing = asyncio.ensure_future(uow.applications.insert_many(batch))
                        batch = []
                if problems:
                    raise NeedsExplaining()
            if writing is not None:
                await writing
            await uow.applications.insert_many(batch)
        except UniqueViolation:
            raise NeedsExplaining() from None
        finally:
            if writing is not None and not writing.done():
                # Let the insert in flight finish (or fail) before the transaction is rolled back.
                await asyncio.gather(writing, return_exceptions=True)
        return ImportReport(self.kind, source.name, count, count, 0)

    async def explain(self, uow: UnitOfWork, source: CsvSource, now: datetime) -> None:
        districts = await _districts(uow)
        problems = Problems(source.name)
        first_line_of: dict[str, int] = {}
        pending: list[tuple[int, str]] = []
        with source.open() as lines:
            for line in read_lines(lines, self.columns, problems):
                if problems.full:
                    break
                if _fast_row(line.values, districts, now) is None:
                    _explain(Fields(problems, line), districts, now)
                number = line.values["number"]
                first = first_line_of.setdefault(number, line.number)
                if first != line.number and number:
                    problems.add(
                        line.number, "number", "duplicate_in_file", value=number, first_line=first
                    )
                elif number:
                    pending.append((line.number, number))
                if len(pending) >= BATCH:
                    await _report_existing(uow, pending, problems)
                    pending = []
        await _report_existing(uow, pending, problems)
        if not problems:  # the database refused something that no check here explains
            problems.add(1, None, "database_refused")
        problems.raise_if_any()


async def _districts(uow: UnitOfWork) -> Districts:
    return {code: (d.id, d.queue_id) for code, d in (await uow.districts.by_code()).items()}


async def _report_existing(
    uow: UnitOfWork, lines: list[tuple[int, str]], problems: Problems
) -> None:
    existing = await uow.applications.existing_numbers([number for _, number in lines])
    for line_number, number in lines:
        if number in existing:
            problems.add(line_number, "number", "duplicate_in_database", value=number)


def _fast_row(values: dict[str, str], districts: Districts, now: datetime) -> dict[str, Any] | None:
    """The row of a valid line, or None if anything is off (then `_explain` says what)."""
    try:
        number = values["number"]
        child = parse_iin(values["child_iin"])
        applicant = parse_iin(values["applicant_iin"])
        district_id, queue_id = districts[values["district_code"]]
        kind = _KINDS[values["kind"].lower()]
        language = _LANGUAGES[values["language"].lower()]
        benefit = _BENEFITS[values["benefit"].lower()]
        submitted_at = ensure_aware(datetime.fromisoformat(values["submitted_at"]))
    except (InvalidIin, KeyError, ValueError):
        return None
    if (
        not number
        or len(number) > MAX_NUMBER_LENGTH
        or submitted_at > now
        or submitted_at.astimezone(ALMATY).date() < child.birth_date
    ):
        return None
    return {
        "number": number,
        "child_iin": child.value,
        "child_birth_date": child.birth_date,
        "group_year": child.birth_date.year,
        "applicant_iin": applicant.value,
        "district_id": district_id,
        "queue_id": queue_id,
        "kind": kind,
        "language": language,
        "benefit": benefit,
        "submitted_at": submitted_at,
        "status": ApplicationStatus.IN_QUEUE,
        "status_changed_at": now,
        "misses": 0,
        "stop_listed_until": None,
        "added_at": now,
    }


def _explain(fields: Fields, districts: Districts, now: datetime) -> None:
    """Records every problem of a line that failed the fast path."""
    values = fields.line.values
    fields.text("number", maximum=MAX_NUMBER_LENGTH)
    child = fields.iin("child_iin")
    fields.iin("applicant_iin")
    if values["district_code"] not in districts:
        fields.problems.add(
            fields.line.number, "district_code", "unknown_district", value=values["district_code"]
        )
    fields.choice("kind", KindergartenKind)
    fields.choice("language", Language)
    fields.choice("benefit", Benefit)
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
