"""At most 5 wrong EDS passwords per Telegram user in 15 minutes, then a cool-down. Counted in
the database, so a restart does not reset it."""

from __future__ import annotations

from datetime import timedelta

from services.clock import Clock
from services.eds.errors import TooManyAttempts
from storage.uow import UnitOfWorkFactory

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


class PasswordAttempts:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def guard(self, telegram_user_id: int) -> None:
        """Raises TooManyAttempts while the user is cooling down."""
        now = self._clock.now()
        async with self._uow.read() as uow:
            failures = await uow.password_failures.since(telegram_user_id, now - WINDOW)
        if len(failures) >= MAX_FAILURES:
            # Blocked until the oldest of the last five failures leaves the window.
            raise TooManyAttempts(failures[-MAX_FAILURES] + WINDOW)

    async def failed(self, telegram_user_id: int) -> None:
        now = self._clock.now()
        async with self._uow() as uow:
            await uow.password_failures.add(telegram_user_id, now)
            await uow.password_failures.forget_before(now - 4 * WINDOW)
            await uow.commit()
