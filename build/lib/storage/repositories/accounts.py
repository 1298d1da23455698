from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, delete, select, update

from domain.dto import NOBODY, IdentityRecord
from storage.models import LoginSession, ParentAccount, TelegramUser
from storage.repositories.base import Reads, Repository

# Core tables (not ORM entities): this runs on every update, and ORM row loading is the
# larger part of a small statement's cost.
_USERS = cast(Table, TelegramUser.__table__)
_SESSIONS = cast(Table, LoginSession.__table__)
_PARENTS = cast(Table, ParentAccount.__table__)
_IDENTITY = (
    select(
        _USERS.c.locale,
        _SESSIONS.c.iin,
        _SESSIONS.c.expires_at,
        _PARENTS.c.full_name,
        _PARENTS.c.email,
        _PARENTS.c.phone,
    )
    .select_from(_USERS)
    .outerjoin(_SESSIONS, _SESSIONS.c.telegram_user_id == _USERS.c.telegram_user_id)
    .outerjoin(_PARENTS, _PARENTS.c.iin == _SESSIONS.c.iin)
    .where(_USERS.c.telegram_user_id == bindparam("user_id"))
)


async def read_identity(reads: Reads, telegram_user_id: int) -> IdentityRecord:
    row = (await reads.execute(_IDENTITY, {"user_id": telegram_user_id})).first()
    return NOBODY if row is None else IdentityRecord(*row)


class TelegramUserRepository(Repository):
    async def identity(self, telegram_user_id: int) -> IdentityRecord:
        return await read_identity(self.session, telegram_user_id)

    async def get(self, telegram_user_id: int) -> TelegramUser | None:
        return await self.session.get(TelegramUser, telegram_user_id)

    async def ensure(self, telegram_user_id: int, now: datetime) -> None:
        statement = self.insert_ignoring_conflicts(
            TelegramUser.__table__, ["telegram_user_id"]
        ).values(telegram_user_id=telegram_user_id, locale=None, first_seen_at=now, blocked_at=None)
        await self.session.execute(statement)

    async def set_locale(self, telegram_user_id: int, locale: str) -> None:
        await self.session.execute(
            update(TelegramUser)
            .where(TelegramUser.telegram_user_id == telegram_user_id)
            .values(locale=locale, blocked_at=None)
        )

    async def mark_blocked(self, telegram_user_id: int, now: datetime | None) -> None:
        """`now`: the user blocked the bot then; None: they unblocked it."""
        await self.session.execute(
            update(TelegramUser)
            .where(TelegramUser.telegram_user_id == telegram_user_id)
            .values(blocked_at=now)
        )

    async def link_parent(self, telegram_user_id: int, iin: str) -> None:
        """Notifications for this parent come to this chat from now on (one chat per parent:
        the one they last logged in from)."""
        await self.session.execute(
            update(TelegramUser)
            .where(
                TelegramUser.parent_iin == iin, TelegramUser.telegram_user_id != telegram_user_id
            )
            .values(parent_iin=None)
        )
        await self.session.execute(
            update(TelegramUser)
            .where(TelegramUser.telegram_user_id == telegram_user_id)
            .values(parent_iin=iin, blocked_at=None)
        )

    async def unlink_parent(self, telegram_user_id: int) -> None:
        await self.session.execute(
            update(TelegramUser)
            .where(TelegramUser.telegram_user_id == telegram_user_id)
            .values(parent_iin=None)
        )


class ParentAccountRepository(Repository):
    async def get(self, iin: str) -> ParentAccount | None:
        return await self.session.get(ParentAccount, iin)

    async def upsert_name(self, iin: str, full_name: str, now: datetime) -> ParentAccount:
        account = await self.session.get(ParentAccount, iin)
        if account is None:
            account = ParentAccount(iin=iin, full_name=full_name, created_at=now, updated_at=now)
            self.session.add(account)
        else:
            account.full_name, account.updated_at = full_name, now
        await self.session.flush()
        return account

    async def set_contact(self, iin: str, now: datetime, **values: str) -> None:
        await self.session.execute(
            update(ParentAccount).where(ParentAccount.iin == iin).values(updated_at=now, **values)
        )


class LoginSessionRepository(Repository):
    async def get(self, telegram_user_id: int) -> LoginSession | None:
        return await self.session.get(LoginSession, telegram_user_id)

    async def start(
        self,
        telegram_user_id: int,
        iin: str,
        certificate_serial: str,
        now: datetime,
        until: datetime,
    ) -> None:
        await self.session.execute(
            delete(LoginSession).where(LoginSession.telegram_user_id == telegram_user_id)
        )
        self.session.add(
            LoginSession(
                telegram_user_id=telegram_user_id,
                iin=iin,
                certificate_serial=certificate_serial,
                started_at=now,
                expires_at=until,
            )
        )
        await self.session.flush()

    async def end(self, telegram_user_id: int) -> None:
        await self.session.execute(
            delete(LoginSession).where(LoginSession.telegram_user_id == telegram_user_id)
        )

    async def telegram_users_of(self, iin: str, now: datetime) -> list[int]:
        query = select(LoginSession.telegram_user_id).where(
            LoginSession.iin == iin, LoginSession.expires_at > now
        )
        return list(await self.session.scalars(query))
