"""Refused attempts of one kind per Telegram user: wrong key-file passwords ("password"),
signatures eGov Mobile sent that were refused ("signature"). Only who, what kind and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, insert, select

from storage.models import PasswordFailure
from storage.repositories.base import Repository

_SINCE = (
    select(PasswordFailure.at)
    .where(
        PasswordFailure.telegram_user_id == bindparam("user"),
        PasswordFailure.kind == bindparam("kind"),
        PasswordFailure.at > bindparam("since"),
    )
    .order_by(PasswordFailure.at)
)


class PasswordFailureRepository(Repository):
    async def add(self, telegram_user_id: int, at: datetime, kind: str = "password") -> None:
        await self.session.execute(
            insert(PasswordFailure).values(telegram_user_id=telegram_user_id, at=at, kind=kind)
        )

    async def since(
        self, telegram_user_id: int, since: datetime, kind: str = "password"
    ) -> list[datetime]:
        params = {"user": telegram_user_id, "kind": kind, "since": since}
        return list(await self.session.scalars(_SINCE, params))

    async def forget_before(self, moment: datetime, kind: str = "password") -> None:
        await self.session.execute(
            delete(PasswordFailure).where(PasswordFailure.kind == kind, PasswordFailure.at < moment)
        )
