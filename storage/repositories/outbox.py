from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from services.notices import Notice
from storage.models import OutboxMessage
from storage.repositories.base import Repository


class OutboxRepository(Repository):
    async def add_many(self, notices: Sequence[Notice]) -> None:
        """Writes each notice once: a notice whose key is already there is the same notice."""
        if not notices:
            return
        statement = self.insert_ignoring_conflicts(OutboxMessage.__table__, ["idempotency_key"])
        rows = [
            {
                "idempotency_key": n.idempotency_key,
                "application_id": n.application_id,
                "event": n.event.value,
                "payload": n.payload,
                "created_at": n.at,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": n.at,
            }
            for n in notices
        ]
        for start in range(0, len(rows), 1000):
            await self.session.execute(statement, rows[start : start + 1000])

    async def count_by_event(self) -> dict[str, int]:
        query = select(OutboxMessage.event, func.count()).group_by(OutboxMessage.event)
        return dict((await self.session.execute(query)).all())
