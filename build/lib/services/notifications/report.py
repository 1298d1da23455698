"""The outbox at a glance, for `python -m bot outbox`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.outbox import OutboxStatus
from services.clock import Clock
from storage.uow import UnitOfWorkFactory

SHOWN = (
    OutboxStatus.PENDING,
    OutboxStatus.SENDING,
    "scheduled",
    OutboxStatus.SENT,
    OutboxStatus.FAILED,
    OutboxStatus.BLOCKED,
    OutboxStatus.SKIPPED,
)


@dataclass(frozen=True)
class OutboxReport:
    counts: dict[tuple[str, str], int]  # (channel, status) → rows
    oldest_due: datetime | None
    now: datetime

    @property
    def oldest_pending_age(self) -> timedelta | None:
        return None if self.oldest_due is None else self.now - self.oldest_due

    def total(self, status: str) -> int:
        return sum(n for (_, s), n in self.counts.items() if s == status)

    def lines(self) -> list[str]:
        channels = sorted({channel for channel, _ in self.counts})
        lines = [
            "pending = due now and not yet sent; scheduled = reminders whose moment is ahead",
            f"{'channel':<10}" + "".join(f"{s:>11}" for s in SHOWN),
        ]
        for channel in channels or ["-"]:
            row = "".join(f"{self.counts.get((channel, s), 0):>11}" for s in SHOWN)
            lines.append(f"{channel:<10}{row}")
        age = self.oldest_pending_age
        if age is None:
            lines.append("oldest pending: none")
        else:
            lines.append(f"oldest pending: due {int(age.total_seconds())} s ago")
        return lines


class OutboxOverview:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def waiting(self) -> dict[str, tuple[int, timedelta]]:
        """Per channel: messages due and not yet sent, and how long the oldest has waited (the
        metrics)."""
        now = self._clock.now()
        async with self._uow.read() as uow:
            due = await uow.outbox.due_by_channel(now)
        return {channel: (count, now - oldest) for channel, (count, oldest) in due.items()}

    async def report(self) -> OutboxReport:
        now = self._clock.now()
        async with self._uow.read() as uow:
            counts = await uow.outbox.counts(now)
            oldest = await uow.outbox.oldest_due(now)
        return OutboxReport({k: v for k, v in counts.items() if v}, oldest, now)
