"""`kindergarten_code,group_year,language,count`: publishes free places (R6)."""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple
from datetime import datetime

from domain.dto import KindergartenRow, Pool
from domain.enums import Language
from services.clock import to_almaty
from services.imports.base import ImportReport
from services.imports.fields import Fields
from services.imports.problems import Problems
from services.imports.reader import CsvSource, read_lines
from storage.uow import UnitOfWork

MAX_PLACES_PER_LINE = 1000
PRESCHOOL_YEARS = 7  # group years from (this year − 7) to this year


async def publish_places(
    uow: UnitOfWork,
    kindergarten: KindergartenRow,
    group_year: int,
    language: Language,
    count: int,
    now: datetime,
) -> Pool:
    """Free places of one kindergarten group (R6), in the pool whose allocation offers them."""
    pool = Pool(await uow.kindergartens.queue_of(kindergarten.id), group_year, kindergarten.kind)
    await uow.places.publish(
        kindergarten_id=kindergarten.id,
        queue_id=pool.queue_id,
        kind=kindergarten.kind,
        group_year=group_year,
        language=language,
        count=count,
        now=now,
    )
    return pool


class PlaceImporter:
    kind: str = "places"
    columns: tuple[str, ...] = ("kindergarten_code", "group_year", "language", "count")

    async def run(self, uow: UnitOfWork, source: CsvSource, now: datetime) -> ImportReport:
        name = source.name
        problems = Problems(name)
        kindergartens = await uow.kindergartens.all_by_code()
        this_year = to_almaty(now).year
        wanted: Counter[tuple[str, int, Language]] = Counter()
        count = 0
        with source.open() as lines:
            parsed = list(read_lines(lines, self.columns, problems))
        for line in parsed:
            count += 1
            fields = Fields(problems, line)
            code = line.values["kindergarten_code"]
            kindergarten = kindergartens.get(code)
            if kindergarten is None:
                problems.add(line.number, "kindergarten_code", "unknown_kindergarten", value=code)
            group_year = fields.integer(
                "group_year", low=this_year - PRESCHOOL_YEARS, high=this_year
            )
            language = fields.choice("language", Language)
            places = fields.integer("count", low=1, high=MAX_PLACES_PER_LINE)
            if (
                kindergarten is not None
                and language is not None
                and language.value not in kindergarten.languages
            ):
                problems.add(
                    line.number,
                    "language",
                    "language_not_taught",
                    kindergarten=code,
                    value=language.value,
                    languages=kindergarten.languages,
                )
                continue
            if kindergarten is None or group_year is None or language is None or places is None:
                continue
            wanted[(code, group_year, language)] += places
        problems.raise_if_any()
        pools = {
            await publish_places(uow, kindergartens[code], group_year, language, places, now)
            for (code, group_year, language), places in wanted.items()
        }
        total = sum(wanted.values())
        notes = [f"{total} free place(s) published"]
        pools_in_order = tuple(sorted(pools, key=astuple))
        return ImportReport(self.kind, name, count, total, 0, notes, pools=pools_in_order)
