"""Unit of work: one transaction, the repositories that share it, commit or roll back.

Services write `async with uow_factory() as uow: … await uow.commit()`; leaving the block
without a commit rolls everything back. Repositories never commit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Generic, Self, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.doorbell import CHANNEL, Doorbell
from storage.glance import Glances
from storage.repositories.accounts import (
    LoginSessionRepository,
    ParentAccountRepository,
    TelegramUserRepository,
)
from storage.repositories.alerts import AlertRepository
from storage.repositories.applications import ApplicationRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.cards import CardRepository
from storage.repositories.children import ChildRepository
from storage.repositories.choices import ChoiceRepository
from storage.repositories.fsm import FsmRepository
from storage.repositories.kindergartens import KindergartenRepository
from storage.repositories.moves import MoveRepository
from storage.repositories.offers import OfferRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.password_failures import PasswordFailureRepository
from storage.repositories.places import PlaceRepository
from storage.repositories.queues import DistrictRepository, QueueRepository
from storage.repositories.referrals import ReferralRepository
from storage.repositories.signing_requests import SigningRequestRepository
from storage.repositories.staff_roles import StaffRoleRepository
from storage.repositories.statistics import StatisticsRepository

R = TypeVar("R")


class _Made(Generic[R]):
    """A repository of a unit of work, made over its session on first use, then kept."""

    def __init__(self, kind: Callable[..., R]) -> None:
        self._kind = kind

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, uow: UnitOfWork, owner: type | None = None) -> R:
        repository = self._kind(uow.session)
        uow.__dict__[self._name] = repository  # the next lookup finds it without this
        return repository


class UnitOfWork:
    """One `async with` block (the factory makes one per block). Repositories are made on first
    use: most blocks use one or two of the nineteen, several times an update on the chat's hot
    path."""

    session: AsyncSession

    def __init__(
        self, sessions: Callable[[], AsyncSession], doorbell: Doorbell | None = None
    ) -> None:
        self._sessions = sessions
        self._doorbell = doorbell

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        return self

    queues = _Made(QueueRepository)
    districts = _Made(DistrictRepository)
    kindergartens = _Made(KindergartenRepository)
    places = _Made(PlaceRepository)
    children = _Made(ChildRepository)
    applications = _Made(ApplicationRepository)
    offers = _Made(OfferRepository)
    referrals = _Made(ReferralRepository)
    audit = _Made(AuditRepository)
    outbox = _Made(OutboxRepository)
    password_failures = _Made(PasswordFailureRepository)
    telegram_users = _Made(TelegramUserRepository)
    parents = _Made(ParentAccountRepository)
    login_sessions = _Made(LoginSessionRepository)
    fsm = _Made(FsmRepository)
    cards = _Made(CardRepository)
    choices = _Made(ChoiceRepository)
    staff_roles = _Made(StaffRoleRepository)
    statistics = _Made(StatisticsRepository)
    signing_requests = _Made(SigningRequestRepository)
    moves = _Made(MoveRepository)
    alerts = _Made(AlertRepository)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Closing returns the connection to the pool, which rolls back whatever was not committed.
        await self.session.close()

    async def commit(self) -> None:
        outbox: OutboxRepository | None = self.__dict__.get("outbox")
        wrote = outbox is not None and outbox.wrote
        if wrote and self.session.get_bind().dialect.name == "postgresql":
            # Delivered by PostgreSQL when this transaction commits (storage.doorbell).
            await self.session.execute(select(func.pg_notify(CHANNEL, "")))
        await self.session.commit()
        if wrote and self._doorbell is not None:
            outbox.wrote = False  # type: ignore[union-attr]
            self._doorbell.ring()

    async def flush(self) -> None:
        await self.session.flush()


class UnitOfWorkFactory:
    """Hands out write transactions, and read-only ones that never wait for a writer."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @property
    def parallel_writers(self) -> int:
        """How many write transactions may usefully run at once: PostgreSQL works on another
        core while Python prepares the next batch; SQLite has one writer."""
        return 1 if self.database.is_sqlite else 2

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self.database.write_sessions, self.database.doorbell)

    def read(self) -> UnitOfWork:
        return UnitOfWork(self.database.read_sessions)

    @asynccontextmanager
    async def glance(self) -> AsyncIterator[Glances]:
        """The chat's hot reads (a card, an identity, a conversation's state), microseconds
        long: on SQLite on the event loop's thread (storage.glance); elsewhere a read session."""
        glancer = self.database.glancer
        if glancer is not None:
            yield Glances(glancer.session(), "sqlite")
            return
        # A Core connection, not an ORM session: a glance's statement is Core, and the session's
        # ORM execution path costs more than the read (PostgreSQL reads are autocommit).
        reader = self.database.reader
        async with reader.connect() as connection:
            yield Glances(connection, reader.dialect.name)
