"""Administrators' CSV imports: all or nothing per file, every problem with file, line, column."""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from domain.audit import Actor
from services.allocation import AllocationService
from services.clock import Clock
from services.imports.applications import ApplicationImporter
from services.imports.base import Explaining, Importer, ImportReport, NeedsExplaining
from services.imports.children import ChildImporter
from services.imports.districts import DistrictImporter
from services.imports.kindergartens import KindergartenImporter
from services.imports.places import PlaceImporter
from services.imports.problems import CsvProblem, ImportRefused
from services.imports.reader import BytesSource, CsvSource, FileSource, TextSource
from storage.uow import UnitOfWorkFactory

IMPORTERS: dict[str, Importer] = {
    importer.kind: importer
    for importer in (
        DistrictImporter(),
        KindergartenImporter(),
        PlaceImporter(),
        ChildImporter(),
        ApplicationImporter(),
    )
}
KINDS = tuple(IMPORTERS)


class ImportService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, allocation: AllocationService) -> None:
        self._uow = uow
        self._clock = clock
        self._allocation = allocation

    async def run(self, kind: str, source: CsvSource, actor: Actor) -> ImportReport:
        importer = IMPORTERS[kind]
        now = self._clock.now()
        try:
            async with self._uow() as uow:
                report = await importer.run(uow, source, now)
                await uow.audit.add(report.audit(actor, now))
                await uow.commit()
        except NeedsExplaining:
            pass  # the transaction is rolled back; now say what was wrong
        else:
            allocated = await self._allocation.allocate_published(report.pools)
            return replace(report, offered=allocated.offers)
        async with self._uow.read() as uow:
            await cast(Explaining, importer).explain(uow, source, now)
        raise AssertionError("explain() always raises ImportRefused")


__all__ = [
    "IMPORTERS",
    "KINDS",
    "BytesSource",
    "CsvProblem",
    "CsvSource",
    "FileSource",
    "ImportRefused",
    "ImportReport",
    "ImportService",
    "TextSource",
]
