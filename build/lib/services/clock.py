"""Where "now" comes from. Every rule that depends on time asks an injected Clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

ALMATY = ZoneInfo("Asia/Almaty")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def to_almaty(moment: datetime) -> datetime:
    return moment.astimezone(ALMATY)


def ensure_aware(moment: datetime) -> datetime:
    """Naive datetimes in this product are Almaty wall-clock time (the CSV convention)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=ALMATY)
    return moment
