"""Unit of work: one transaction, the repositories that share it, commit or roll back.

Services write `async with uow_factory() as uow: … await uow.commit()`; leaving the block
without a commit rolls everything back. Repositories never commit.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from types import TracebackType
from typing import Self, cast

from sqlalchemy.ext.asyncio import AsyncSession

from services.notices import Channel
from storage.db import Database
from storage.repositories.accounts import (
    LoginSessionRepository,
    ParentAccountRepository,
    TelegramUserRepository,
)
from storage.repositories.applications import ApplicationRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.cards import CardRepository
from storage.repositories.children import ChildRepository
from storage.repositories.fsm import FsmRepository
from storage.repositories.kindergartens import KindergartenRepository
from storage.repositories.offers import OfferRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.password_failures import PasswordFailureRepository
from storage.repositories.places import PlaceRepository
from storage.repositories.queues import DistrictRepository, QueueRepository
from storage.repositories.referrals import ReferralRepository
from storage.repositories.staff_roles import StaffRoleRepository
from storage.repositories.statistics import StatisticsRepository

DEFAULT_CHANNELS = frozenset({Channel.TELEGRAM})


class UnitOfWork:
    """One `async with` block (the factory makes one per block). Repositories are made on first
    use: most blocks use one or two of the eighteen, several times an update on the chat's hot
    path."""

    session: AsyncSession

    def __init__(
        self,
        sessions: Callable[[], AsyncSession],
        channels: frozenset[Channel] = DEFAULT_CHANNELS,
    ) -> None:
        self._sessions = sessions
        self._channels = channels

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        return self

    @cached_property
    def queues(self) -> QueueRepository:
        return QueueRepository(self.session)

    @cached_property
    def districts(self) -> DistrictRepository:
        return DistrictRepository(self.session)

    @cached_property
    def kindergartens(self) -> KindergartenRepository:
        return KindergartenRepository(self.session)

    @cached_property
    def places(self) -> PlaceRepository:
        return PlaceRepository(self.session)

    @cached_property
    def children(self) -> ChildRepository:
        return ChildRepository(self.session)

    @cached_property
    def applications(self) -> ApplicationRepository:
        return ApplicationRepository(self.session)

    @cached_property
    def offers(self) -> OfferRepository:
        return OfferRepository(self.session)

    @cached_property
    def referrals(self) -> ReferralRepository:
        return ReferralRepository(self.session)

    @cached_property
    def audit(self) -> AuditRepository:
        return AuditRepository(self.session)

    @cached_property
    def outbox(self) -> OutboxRepository:
        return OutboxRepository(self.session, self._channels)

    @cached_property
    def password_failures(self) -> PasswordFailureRepository:
        return PasswordFailureRepository(self.session)

    @cached_property
    def telegram_users(self) -> TelegramUserRepository:
        return TelegramUserRepository(self.session)

    @cached_property
    def parents(self) -> ParentAccountRepository:
        return ParentAccountRepository(self.session)

    @cached_property
    def login_sessions(self) -> LoginSessionRepository:
        return LoginSessionRepository(self.session)

    @cached_property
    def fsm(self) -> FsmRepository:
        return FsmRepository(self.session)

    @cached_property
    def cards(self) -> CardRepository:
        return CardRepository(self.session)

    @cached_property
    def staff_roles(self) -> StaffRoleRepository:
        return StaffRoleRepository(self.session)

    @cached_property
    def statistics(self) -> StatisticsRepository:
        return StatisticsRepository(self.session)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Closing returns the connection to the pool, which rolls back whatever was not committed.
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def flush(self) -> None:
        await self.session.flush()


class UnitOfWorkFactory:
    """Hands out write transactions, and read-only ones that never wait for a writer."""

    def __init__(self, database: Database, channels: frozenset[Channel] = DEFAULT_CHANNELS) -> None:
        self.database = database
        # The channels notices are written for: e-mail only when an SMTP server is configured.
        self.channels = channels

    @property
    def parallel_writers(self) -> int:
        """How many write transactions may usefully run at once: PostgreSQL works on another
        core while Python prepares the next batch; SQLite has one writer."""
        return 1 if self.database.is_sqlite else 2

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self.database.write_sessions, self.channels)

    def read(self) -> UnitOfWork:
        return UnitOfWork(self.database.read_sessions, self.channels)

    def glance(self) -> UnitOfWork:
        """A read of a few rows by key, microseconds long, on the chat's hot path: on SQLite its
        statements run on the event loop's thread (storage.glance); elsewhere, `read()`."""
        glancer = self.database.glancer
        if glancer is None:
            return self.read()
        return UnitOfWork(lambda: cast(AsyncSession, glancer.session()), self.channels)
