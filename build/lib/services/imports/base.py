from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from domain.audit import Actor, AuditRecord, Change
from domain.dto import Pool
from domain.enums import AuditEntity
from services.imports.reader import CsvSource
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class ImportReport:
    kind: str
    file: str
    lines: int
    created: int
    updated: int
    notes: list[str] = field(default_factory=list)
    pools: tuple[Pool, ...] = ()  # those that got free places: allocated at once (R6)
    offered: int = 0  # turns that allocation gave right after the import

    def summary(self) -> str:
        text = (
            f"{self.file}: {self.lines} line(s) of {self.kind} imported — "
            f"{self.created} new, {self.updated} updated"
        )
        offered = [f"R6: {self.offered} turn(s) offered at once"] if self.pools else []
        return "\n".join([text, *self.notes, *offered])

    def audit(self, actor: Actor, now: datetime) -> AuditRecord:
        return AuditRecord(
            at=now,
            actor=actor,
            action="imported",
            change=Change(AuditEntity.IMPORT, self.kind),
            details={
                "file": self.file,
                "lines": self.lines,
                "created": self.created,
                "updated": self.updated,
            },
        )


class Importer(Protocol):
    kind: str
    columns: tuple[str, ...]

    async def run(self, uow: UnitOfWork, source: CsvSource, now: datetime) -> ImportReport:
        """Checks every line and writes them all, or raises ImportRefused (or, for an importer
        that writes optimistically, NeedsExplaining) having written nothing."""
        ...


class NeedsExplaining(Exception):
    """An optimistic import met a problem; after the rollback, `explain` says what it was."""


class Explaining(Protocol):
    async def explain(self, uow: UnitOfWork, source: CsvSource, now: datetime) -> None:
        """Reads the file again without writing and raises ImportRefused with every problem."""
        ...
