"""Unit of work: one transaction, the repositories that share it, commit or roll back.

Services write `async with uow_factory() as uow: … await uow.commit()`; leaving the block
without a commit rolls everything back. Repositories never commit.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self, cast

from sqlalchemy.ext.asyncio import AsyncSession

from services.notices import Channel
from storage.db import Database
from storage.glance import GlanceSession
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
    session: AsyncSession
    queues: QueueRepository
    districts: DistrictRepository
    kindergartens: KindergartenRepository
    places: PlaceRepository
    children: ChildRepository
    applications: ApplicationRepository
    offers: OfferRepository
    referrals: ReferralRepository
    audit: AuditRepository
    outbox: OutboxRepository
    password_failures: PasswordFailureRepository
    telegram_users: TelegramUserRepository
    parents: ParentAccountRepository
    login_sessions: LoginSessionRepository
    fsm: FsmRepository
    cards: CardRepository
    staff_roles: StaffRoleRepository
    statistics: StatisticsRepository

    def __init__(
        self,
        sessions: Callable[[], AsyncSession],
        channels: frozenset[Channel] = DEFAULT_CHANNELS,
    ) -> None:
        self._sessions = sessions
        self._channels = channels

    async def __aenter__(self) -> Self:
        self.session = session = self._sessions()
        self.queues = QueueRepository(session)
        self.districts = DistrictRepository(session)
        self.kindergartens = KindergartenRepository(session)
        self.places = PlaceRepository(session)
        self.children = ChildRepository(session)
        self.applications = ApplicationRepository(session)
        self.offers = OfferRepository(session)
        self.referrals = ReferralRepository(session)
        self.audit = AuditRepository(session)
        self.outbox = OutboxRepository(session, self._channels)
        self.password_failures = PasswordFailureRepository(session)
        self.telegram_users = TelegramUserRepository(session)
        self.parents = ParentAccountRepository(session)
        self.login_sessions = LoginSessionRepository(session)
        self.fsm = FsmRepository(session)
        self.cards = CardRepository(session)
        self.staff_roles = StaffRoleRepository(session)
        self.statistics = StatisticsRepository(session)
        return self

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
        return UnitOfWork(
            lambda: cast(AsyncSession, GlanceSession(glancer.connect())), self.channels
        )
