"""When, roughly, will an application's turn come: a range of months, never a date, from the
places actually given in its pool (queue × group year × kind, R6) month by month over the last
12 months, the applications ahead of it, and its benefit category's share of the places under
the queue's ratio (R6). Fewer than 3 months with any place given: not enough data.

The rate is read two ways, so that the range shows how uneven the months were: the busier half
of the months gives the near end, the quieter half (never below half the average) the far end.
More places never make the forecast later, more applications ahead never make it earlier (the
property tests hold it to that)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.dto import ApplicationRow, Pool, Position
from domain.enums import Benefit
from domain.queue_order import Ratio
from services.clock import Clock, to_almaty
from storage.uow import UnitOfWorkFactory

MONTHS = 12
MIN_MONTHS_WITH_PLACES = 3
FRESH_FOR = timedelta(hours=1)
LOOK_BACK = timedelta(days=366)  # enough to cover the 12 calendar months `per_month` counts


@dataclass(frozen=True, slots=True)
class Forecast:
    """Between `soonest` and `latest` months from now; `per_month`: places given on average in
    the pool; `ahead`: applications ahead of this one now."""

    soonest: int
    latest: int
    per_month: float
    ahead: int


@dataclass(frozen=True, slots=True)
class NotEnoughData:
    months_with_places: int


def share(benefit: Benefit, ratio: Ratio | None) -> float:
    """The part of the places that reaches this category's line while the others wait too:
    out-of-turn applications come first (R6); with a ratio, first-priority and general
    applications take turns by it; without one, first priority goes before everyone else."""
    if benefit is Benefit.OUT_OF_TURN or ratio is None:
        return 1.0
    part = ratio.first if benefit is Benefit.FIRST else ratio.general
    return part / ratio.period


def places_needed(benefit: Benefit, position: Position, ratio: Ratio | None) -> float:
    """How many places the pool must give until this application's turn, including its own."""
    ahead = position.ahead
    if benefit is Benefit.OUT_OF_TURN or ratio is None:
        return float(position.position)
    own_line = ahead.first if benefit is Benefit.FIRST else ahead.none
    return ahead.out_of_turn + (own_line + 1) / share(benefit, ratio)


def forecast(
    given_per_month: Sequence[int], position: Position, benefit: Benefit, ratio: Ratio | None
) -> Forecast | NotEnoughData:
    months = list(given_per_month)[-MONTHS:]
    months += [0] * (MONTHS - len(months))
    with_places = sum(1 for count in months if count > 0)
    if with_places < MIN_MONTHS_WITH_PLACES:
        return NotEnoughData(with_places)
    ordered = sorted(months)
    half = MONTHS // 2
    average = sum(months) / MONTHS
    quiet = max(sum(ordered[:half]) / half, average / 2)
    busy = sum(ordered[half:]) / (MONTHS - half)
    needed = places_needed(benefit, position, ratio)
    soonest = max(1, _whole_months(needed / busy))
    latest = max(soonest, _whole_months(needed / quiet))
    return Forecast(soonest, latest, average, position.position - 1)


def _whole_months(months: float) -> int:
    """Rounded up, but 6.000000001 (a float's error in 4 / (4 / 6)) is 6."""
    return math.ceil(months - 1e-9)


def month_index(moment: datetime, now: datetime) -> int | None:
    """Which of the last 12 calendar months (0 the oldest, 11 the current one, Almaty time)
    a moment falls in; None outside them."""
    at, today = to_almaty(moment), to_almaty(now)
    back = (today.year - at.year) * 12 + today.month - at.month
    return MONTHS - 1 - back if 0 <= back < MONTHS else None


def per_month(moments: Sequence[datetime], now: datetime) -> list[int]:
    """Counts per month of the last 12, oldest first, of the moments places were given."""
    counts = [0] * MONTHS
    for moment in moments:
        index = month_index(moment, now)
        if index is not None:
            counts[index] += 1
    return counts


class ForecastService:
    """Forecasts for the application cards. A pool's months change slowly, so they are read
    once an hour per pool and process, not on every card."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._months: dict[Pool, tuple[datetime, list[int]]] = {}

    async def given_per_month(self, pool: Pool) -> list[int]:
        now = self._clock.now()
        known = self._months.get(pool)
        if known is not None and now - known[0] < FRESH_FOR:
            return known[1]
        async with self._uow.read() as uow:
            moments = await uow.referrals.given_in_pool(pool, now - LOOK_BACK)
        counts = per_month(moments, now)
        self._months[pool] = (now, counts)
        return counts

    async def of(
        self, application: ApplicationRow, position: Position, ratio: Ratio | None
    ) -> Forecast | NotEnoughData:
        months = await self.given_per_month(application.pool)
        return forecast(months, position, application.benefit, ratio)
