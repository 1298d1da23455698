"""Abuse guards counted in the database, so a restart does not reset them: at most 5 wrong EDS
passwords per Telegram user in 15 minutes (the key-file path), and at most 10 refused
signatures per chat in an hour (eGov Mobile, the same guard for the path without a password)."""

from __future__ import annotations

from datetime import timedelta

from services.clock import Clock
from services.eds.errors import TooManyAttempts, TooManySignatures
from storage.uow import UnitOfWork, UnitOfWorkFactory

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
MAX_SIGNATURE_FAILURES = 10
SIGNATURE_WINDOW = timedelta(hours=1)


class Attempts:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        *,
        kind: str = "password",
        limit: int = MAX_FAILURES,
        window: timedelta = WINDOW,
        error: type[TooManyAttempts] = TooManyAttempts,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._kind = kind
        self._limit = limit
        self._window = window
        self._error = error

    async def guard(self, telegram_user_id: int) -> None:
        """Raises TooManyAttempts while the user is cooling down."""
        async with self._uow.read() as uow:
            cooling = await self.cooling(uow, telegram_user_id)
        if cooling is not None:
            raise cooling

    async def cooling(self, uow: UnitOfWork, telegram_user_id: int) -> TooManyAttempts | None:
        """Why the user must wait, if they must: read in the caller's unit of work."""
        now = self._clock.now()
        failures = await uow.password_failures.since(
            telegram_user_id, now - self._window, self._kind
        )
        if len(failures) < self._limit:
            return None
        # Blocked until the oldest of the last `limit` failures leaves the window.
        return self._error(failures[-self._limit] + self._window)

    async def failed(self, telegram_user_id: int) -> None:
        now = self._clock.now()
        async with self._uow() as uow:
            await uow.password_failures.add(telegram_user_id, now, self._kind)
            await uow.password_failures.forget_before(now - 4 * self._window, self._kind)
            await uow.commit()


def password_attempts(uow: UnitOfWorkFactory, clock: Clock) -> Attempts:
    return Attempts(uow, clock)


def signature_attempts(uow: UnitOfWorkFactory, clock: Clock) -> Attempts:
    return Attempts(
        uow,
        clock,
        kind="signature",
        limit=MAX_SIGNATURE_FAILURES,
        window=SIGNATURE_WINDOW,
        error=TooManySignatures,
    )
