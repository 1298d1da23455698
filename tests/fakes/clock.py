from __future__ import annotations

from datetime import datetime, timedelta

from services.clock import ALMATY


class FakeClock:
    """A clock that moves only when a test moves it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=ALMATY)
        self._now = start

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment if moment.tzinfo else moment.replace(tzinfo=ALMATY)

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


def almaty(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=ALMATY)


class FakeSleep:
    """`asyncio.sleep` for code under a FakeClock: waiting moves the clock instead."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        import asyncio

        self.waits.append(seconds)
        # What was started before the wait runs first, at the moment it was started.
        await asyncio.sleep(0)
        self.clock.advance(seconds=seconds)
