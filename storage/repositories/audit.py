from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from services.audit import AuditRecord
from services.enums import AuditEntity
from storage.bulk import BulkInsert
from storage.models import AUDIT_TABLE, AuditEntry
from storage.repositories.base import Repository

_INSERT = BulkInsert(AUDIT_TABLE, [c.name for c in AUDIT_TABLE.columns if c.name != "id"])


def _values(record: AuditRecord) -> dict[str, object]:
    return {
        "at": record.at,
        "actor_kind": record.actor.kind,
        "actor_id": record.actor.id,
        "application_id": record.application_id,
        "entity": record.change.entity.value,
        "entity_id": str(record.change.id),
        "action": record.action,
        "from_state": record.change.from_state,
        "to_state": record.change.to_state,
        "details": record.stored_details(),
    }


class AuditRepository(Repository):
    async def add(self, *records: AuditRecord) -> None:
        await self.add_many(records)

    async def add_many(self, records: Sequence[AuditRecord]) -> None:
        await _INSERT.run(self.session, [_values(r) for r in records])

    async def of_application(self, application_id: int) -> list[AuditEntry]:
        """The application's history: every event that changed it or its offers and referrals."""
        query = (
            select(AuditEntry)
            .where(AuditEntry.application_id == application_id)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
        return list(await self.session.scalars(query))

    async def trail(self, entity: AuditEntity, entity_id: str | int) -> list[AuditEntry]:
        query = (
            select(AuditEntry)
            .where(AuditEntry.entity == entity.value, AuditEntry.entity_id == str(entity_id))
            .order_by(AuditEntry.at, AuditEntry.id)
        )
        return list(await self.session.scalars(query))
