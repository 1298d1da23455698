from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from services.audit import Actor, AuditRecord
from services.enums import AuditEntity
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class ImportReport:
    kind: str
    file: str
    lines: int
    created: int
    updated: int
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.file}: {self.lines} line(s) of {self.kind} imported — "
            f"{self.created} new, {self.updated} updated"
        )
        return "\n".join([text, *self.notes])

    def audit(self, actor: Actor, now: datetime) -> AuditRecord:
        return AuditRecord(
            at=now,
            actor=actor,
            entity=AuditEntity.IMPORT,
            entity_id=self.kind,
            action="imported",
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

    async def run(
        self, uow: UnitOfWork, name: str, lines: Iterable[str], now: datetime
    ) -> ImportReport:
        """Checks every line, writes them all or raises ImportRefused having written nothing."""
        ...
