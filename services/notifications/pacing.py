"""Telegram's limits, kept on our side: a global rate (about 30 messages a second per bot; 25 by
default, a setting), at most one message a second to one chat, and a pause for everyone when
Telegram answers 429 with `retry_after`.

Time comes from the injected clock and waiting from an injected `sleep`, so tests drive the
pacing with a fake clock and never sleep."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from services.clock import Clock

Sleep = Callable[[float], Awaitable[None]]

_FORGET_AFTER = 10_000  # chats remembered before the ones whose second is over are dropped


class Pacer:
    def __init__(
        self,
        clock: Clock,
        sleep: Sleep,
        *,
        per_second: float,
        per_address_interval: timedelta = timedelta(seconds=1),
    ) -> None:
        if per_second <= 0:
            raise ValueError("the rate must be positive")
        self._clock = clock
        self._sleep = sleep
        self._interval = timedelta(seconds=1 / per_second)
        self._per_address = per_address_interval
        self._next_slot: datetime | None = None
        self._paused_until: datetime | None = None
        self._next_for: dict[str, datetime] = {}
        self._in_flight: set[str] = set()

    def ready_at(self, address: str) -> datetime:
        moments = [self._clock.now()]
        moments += [m for m in (self._next_slot, self._paused_until) if m is not None]
        if address in self._next_for:
            moments.append(self._next_for[address])
        return max(moments)

    async def wait_turn(self, address: str) -> None:
        """Returns when a message to `address` may go, and books that moment. A chat whose
        previous message is still on its way waits for it: the second must not overtake it or
        arrive within the same second."""
        while True:
            now = self._clock.now()
            ready = self.ready_at(address)
            if ready <= now and address not in self._in_flight:
                break
            wait = (ready - now).total_seconds() if ready > now else self._interval.total_seconds()
            await self._sleep(wait)
        # The slots follow each other at the configured interval; a late wake-up does not
        # push every later slot back (that would lose rate), but nothing is saved up either.
        previous = self._next_slot or now
        self._next_slot = max(previous, now - self._interval) + self._interval
        self._in_flight.add(address)  # until `end`, even before its task starts
        if self._per_address:
            self._next_for[address] = now + self._per_address
            if len(self._next_for) > _FORGET_AFTER:
                self._next_for = {a: t for a, t in self._next_for.items() if t > now}

    def begin(self, address: str) -> None:
        """The message to `address` leaves now: the chat's second counts from here."""
        if self._per_address:
            self._next_for[address] = self._clock.now() + self._per_address

    def end(self, address: str) -> None:
        self._in_flight.discard(address)

    def pause(self, seconds: float) -> None:
        """429: Telegram asked for silence; nothing goes to anyone before it is over."""
        until = self._clock.now() + timedelta(seconds=seconds)
        if self._paused_until is None or until > self._paused_until:
            self._paused_until = until
