from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select

from storage.models import FsmRecord
from storage.repositories.base import Reads, Repository

# Built once: the chat reads it through a glance (storage.glance prepares each statement once).
_GET = select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == bindparam("key"))


async def read_conversation(reads: Reads, key: str) -> tuple[str | None, dict[str, Any]]:
    """The state and data of one conversation; (None, {}) for one that has none."""
    row = (await reads.execute(_GET, {"key": key})).first()
    if row is None:
        return None, {}
    return row.state, dict(row.data or {})


class FsmRepository(Repository):
    async def get(self, key: str) -> tuple[str | None, dict[str, Any]]:
        return await read_conversation(self.session, key)

    async def put(
        self, key: str, *, state: str | None, data: dict[str, Any], now: datetime
    ) -> None:
        if state is None and not data:
            await self.session.execute(delete(FsmRecord).where(FsmRecord.key == key))
            return
        record = await self.session.get(FsmRecord, key)
        if record is None:
            self.session.add(FsmRecord(key=key, state=state, data=data, updated_at=now))
        else:
            record.state, record.data, record.updated_at = state, data, now
        await self.session.flush()
