"""Refused attempts of one kind per Telegram user: wrong key-file passwords ("password"),
signatures eGov Mobile sent that were refused ("signature"). Only who, what kind and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select

from storage.models import PasswordFailure
from storage.repositories.base import Repository


class PasswordFailureRepository(Repository):
    async def add(self, telegram_user_id: int, at: datetime, kind: str = "password") -> None:
        await self.session.execute(
            insert(PasswordFailure).values(telegram_user_id=telegram_user_id, at=at, kind=kind)
        )

    async def since(
        self, telegram_user_id: int, since: datetime, kind: str = "password"
    ) -> list[datetime]:
        query = (
            select(PasswordFailure.at)
            .where(
                PasswordFailure.telegram_user_id == telegram_user_id,
                PasswordFailure.kind == kind,
                PasswordFailure.at > since,
            )
            .order_by(PasswordFailure.at)
        )
        return list(await self.session.scalars(query))

    async def forget_before(self, moment: datetime, kind: str = "password") -> None:
        await self.session.execute(
            delete(PasswordFailure).where(PasswordFailure.kind == kind, PasswordFailure.at < moment)
        )
