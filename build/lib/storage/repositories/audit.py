from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from domain.audit import AuditRecord
from domain.enums import AuditEntity
from storage.bulk import BulkInsert
from storage.models import AUDIT_TABLE, AuditEntry
from storage.repositories.base import Repository

_COLUMNS = (
    "at",
    "actor_kind",
    "actor_id",
    "application_id",
    "entity",
    "entity_id",
    "action",
    "from_state",
    "to_state",
    "details",
)
_INSERT = BulkInsert(AUDIT_TABLE, _COLUMNS)


def _row(record: AuditRecord) -> tuple[object, ...]:
    change = record.change
    return (
        record.at,
        record.actor.kind,
        record.actor.id,
        record.application_id,
        change.entity.value,
        str(change.id),
        record.action,
        change.from_state,
        change.to_state,
        record.stored_details(),
    )


class AuditRepository(Repository):
    async def add(self, *records: AuditRecord) -> None:
        await self.add_many(records)

    async def add_many(self, records: Sequence[AuditRecord]) -> None:
        await _INSERT.run_tuples(self.session, [_row(r) for r in records])

    async def of_application(self, application_id: int) -> list[AuditEntry]:
        """The application's history: every event that changed it or its offers and referrals."""
        query = (
            select(AuditEntry)
            .where(AuditEntry.application_id == application_id)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
        return list(await self.session.scalars(query))

    async def trail(self, entity: AuditEntity, entity_id: str | int) -> list[AuditEntry]:
        """The events of something that belongs to no application (a role, a kindergarten's
        published places, a child's discharge); an application's are `of_application`."""
        query = (
            select(AuditEntry)
            .where(
                AuditEntry.application_id.is_(None),
                AuditEntry.entity == entity.value,
                AuditEntry.entity_id == str(entity_id),
            )
            .order_by(AuditEntry.at, AuditEntry.id)
        )
        return list(await self.session.scalars(query))
