from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from services.notices import Notice
from storage.bulk import BulkInsert
from storage.models import OUTBOX_TABLE, OutboxMessage
from storage.repositories.base import Repository

# A notice whose key is already there is the same notice: it is written once.
_INSERT = BulkInsert(
    OUTBOX_TABLE,
    [
        "idempotency_key",
        "application_id",
        "event",
        "payload",
        "created_at",
        "status",
        "attempts",
        "next_attempt_at",
    ],
    ignore_conflicts=True,
)


class OutboxRepository(Repository):
    async def add_many(self, notices: Sequence[Notice]) -> None:
        await _INSERT.run_tuples(
            self.session,
            [
                (
                    n.idempotency_key,
                    n.application_id,
                    n.event.value,
                    n.payload,
                    n.at,
                    "pending",
                    0,
                    n.at,
                )
                for n in notices
            ],
        )

    async def count_by_event(self) -> dict[str, int]:
        query = select(OutboxMessage.event, func.count()).group_by(OutboxMessage.event)
        rows = (await self.session.execute(query)).all()
        return {str(event): int(count) for event, count in rows}
