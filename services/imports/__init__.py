"""Administrators' CSV imports: all or nothing per file, every problem with file, line, column."""

from __future__ import annotations

from collections.abc import Iterable

from services.audit import Actor
from services.clock import Clock
from services.imports.applications import ApplicationImporter
from services.imports.base import Importer, ImportReport
from services.imports.children import ChildImporter
from services.imports.districts import DistrictImporter
from services.imports.kindergartens import KindergartenImporter
from services.imports.places import PlaceImporter
from services.imports.problems import CsvProblem, ImportRefused
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
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def run(self, kind: str, name: str, lines: Iterable[str], actor: Actor) -> ImportReport:
        importer = IMPORTERS[kind]
        now = self._clock.now()
        async with self._uow() as uow:
            report = await importer.run(uow, name, lines, now)
            await uow.audit.add(report.audit(actor, now))
            await uow.commit()
        return report


__all__ = ["KINDS", "CsvProblem", "ImportRefused", "ImportReport", "ImportService"]
