from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select

from storage.models import PasswordFailure
from storage.repositories.base import Repository


class PasswordFailureRepository(Repository):
    async def add(self, telegram_user_id: int, at: datetime) -> None:
        await self.session.execute(
            insert(PasswordFailure).values(telegram_user_id=telegram_user_id, at=at)
        )

    async def since(self, telegram_user_id: int, since: datetime) -> list[datetime]:
        query = (
            select(PasswordFailure.at)
            .where(PasswordFailure.telegram_user_id == telegram_user_id, PasswordFailure.at > since)
            .order_by(PasswordFailure.at)
        )
        return list(await self.session.scalars(query))

    async def forget_before(self, moment: datetime) -> None:
        await self.session.execute(delete(PasswordFailure).where(PasswordFailure.at < moment))
