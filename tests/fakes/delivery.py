"""A channel that keeps what it was given, at which (fake) moment, and answers as a test says."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from domain.notices import Channel
from services.clock import Clock
from services.notifications.model import Delivered, Envelope, Outcome


@dataclass
class Sent:
    at: datetime
    envelope: Envelope


@dataclass
class RecordingDelivery:
    clock: Clock
    channel: Channel = Channel.TELEGRAM
    # Answers for the next deliveries, in order; when none is left, everything is delivered.
    answers: list[Outcome] = field(default_factory=list)
    answer: Callable[[Envelope], Outcome | None] | None = None
    sent: list[Sent] = field(default_factory=list)
    tried: list[Sent] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def deliver(self, envelope: Envelope) -> Outcome:
        self.tried.append(Sent(self.clock.now(), envelope))
        outcome = self.answers.pop(0) if self.answers else None
        if outcome is None and self.answer is not None:
            outcome = self.answer(envelope)
        if outcome is None or isinstance(outcome, Delivered):
            self.sent.append(Sent(self.clock.now(), envelope))
            self._changed.set()
            return Delivered()
        return outcome

    async def wait_for_sent(self, count: int, timeout: float = 30) -> None:
        """Returns as soon as `count` messages went out (an event, not a delay); the timeout
        only turns a hang into a failure."""
        async with asyncio.timeout(timeout):
            while len(self.sent) < count:
                self._changed.clear()
                await self._changed.wait()

    def texts(self) -> list[str]:
        return [s.envelope.text for s in self.sent]
