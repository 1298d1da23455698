from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select

from services.audit import AuditRecord
from services.enums import AuditEntity
from storage.models import AuditEntry
from storage.repositories.base import Repository


def _values(record: AuditRecord) -> dict[str, object]:
    return {
        "at": record.at,
        "actor_kind": record.actor.kind,
        "actor_id": record.actor.id,
        "entity": record.entity.value,
        "entity_id": str(record.entity_id),
        "action": record.action,
        "from_state": record.from_state,
        "to_state": record.to_state,
        "details": record.details,
    }


class AuditRepository(Repository):
    async def add(self, *records: AuditRecord) -> None:
        await self.add_many(records)

    async def add_many(self, records: Sequence[AuditRecord]) -> None:
        if records:
            await self.session.execute(insert(AuditEntry), [_values(r) for r in records])

    async def trail(self, entity: AuditEntity, entity_id: str | int) -> list[AuditEntry]:
        query = (
            select(AuditEntry)
            .where(AuditEntry.entity == entity.value, AuditEntry.entity_id == str(entity_id))
            .order_by(AuditEntry.at, AuditEntry.id)
        )
        return list(await self.session.scalars(query))
