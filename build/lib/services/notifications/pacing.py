"""Telegram's limits, kept on our side: a global rate (about 30 messages a second per bot; 25 by
default, a setting), at most one message a second to one chat, and a pause for everyone when
Telegram answers 429 with `retry_after`.

A chat's second counts from the moment its previous message was answered, not from when it
left: two messages to one chat never reach Telegram closer than that, whatever the network
does in between. Time comes from the injected clock and waiting from an injected `sleep`, so
tests drive the pacing with a fake clock and never sleep."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
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

    def _slot_at(self) -> datetime:
        moments = [m for m in (self._next_slot, self._paused_until) if m is not None]
        return max(moments, default=self._clock.now())

    async def wait_slot(self) -> None:
        """Returns when the global rate and any 429 pause let one more message go."""
        while (wait := (self._slot_at() - self._clock.now()).total_seconds()) > 0:
            await self._sleep(wait)

    def ready(self, address: str) -> bool:
        """Nothing on its way to this chat, and its second since the last one is over."""
        if address in self._in_flight:
            return False
        until = self._next_for.get(address)
        return until is None or until <= self._clock.now()

    async def wait_for_any(self, addresses: Iterable[str]) -> None:
        """Waits until one of these chats may be next (or a slot's length, if all are busy)."""
        now = self._clock.now()
        moments = [self._next_for.get(a, now) for a in addresses if a not in self._in_flight]
        wait = (min(moments) - now).total_seconds() if moments else 0.0
        await self._sleep(max(wait, self._interval.total_seconds() / 4))

    def book(self, address: str) -> None:
        """One message to `address` goes now: it takes the slot and the chat."""
        now = self._clock.now()
        # The slots follow each other at the configured interval; a late wake-up does not
        # push every later slot back (that would lose rate), but nothing is saved up either.
        previous = self._next_slot or now
        self._next_slot = max(previous, now - self._interval) + self._interval
        self._in_flight.add(address)

    def done(self, address: str) -> None:
        """The message to `address` was answered: the chat's second starts now."""
        self._in_flight.discard(address)
        if self._per_address:
            now = self._clock.now()
            self._next_for[address] = now + self._per_address
            if len(self._next_for) > _FORGET_AFTER:
                self._next_for = {a: t for a, t in self._next_for.items() if t > now}

    def pause(self, seconds: float) -> None:
        """429: Telegram asked for silence; nothing goes to anyone before it is over."""
        until = self._clock.now() + timedelta(seconds=seconds)
        if self._paused_until is None or until > self._paused_until:
            self._paused_until = until
