"""One pass over everything that is due now. Each step is idempotent and reads its work from
the rows (deadline columns), so a pass after any downtime catches up, and a second pass right
after the first finds nothing to do. Several instances may sweep at once: every step claims its
rows (PostgreSQL: FOR UPDATE SKIP LOCKED, the pool's cursor row for allocation).

After a downtime the transitions that came due meanwhile are applied in deadline order across
their kinds (an R12 lapse of Monday before an R8 window of Tuesday), and only then are the free
places handed out (R6) — to the queue as it stands after all of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.allocation import AllocationService
from services.clock import Clock
from services.referrals.lapses import LapseResult, LapseService
from storage.uow import UnitOfWorkFactory

_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class SweepReport:
    offers_expired: int
    referrals_lapsed: int
    stop_listed: int
    removed: int
    stop_lists_ended: int
    offers_made: int

    @property
    def changed_anything(self) -> bool:
        return any(
            (self.offers_expired, self.referrals_lapsed, self.stop_lists_ended, self.offers_made)
        )

    def counts(self) -> dict[str, int]:
        """The transitions by kind (the metrics' labels)."""
        return {
            "offer_expired": self.offers_expired,
            "referral_lapsed": self.referrals_lapsed,
            "stop_listed": self.stop_listed,
            "removed": self.removed,
            "stop_list_ended": self.stop_lists_ended,
            "offer_made": self.offers_made,
        }

    def lines(self) -> list[str]:
        return [
            f"R8  turns expired, places now free choice: {self.offers_expired}",
            f"R12 referrals lapsed: {self.referrals_lapsed} "
            f"(stop-listed {self.stop_listed}, R13 removed from the queue {self.removed})",
            f"R12 stop-lists ended: {self.stop_lists_ended}",
            f"R6  turns arrived (places offered): {self.offers_made}",
        ]


class SweepService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        allocation: AllocationService,
        lapses: LapseService,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._allocation = allocation
        self._lapses = lapses

    async def _heads(self, now: datetime) -> list[tuple[datetime, str]]:
        """The earliest passed deadline of each kind of transition."""
        async with self._uow.read() as uow:
            heads = [
                (await uow.offers.earliest_due(now), "offers"),
                (await uow.referrals.earliest_due(now), "lapses"),
                (await uow.applications.earliest_stop_list_end(now), "stop_lists"),
            ]
        return sorted((moment, kind) for moment, kind in heads if moment is not None)

    async def run_due(self) -> SweepReport:
        now = self._clock.now()
        expired, ended, lapsed = 0, 0, LapseResult()
        while heads := await self._heads(now):
            # The kind with the earliest deadline runs up to the next kind's earliest one.
            (_, kind), rest = heads[0], heads[1:]
            before = min(rest[0][0] + _TICK, now) if rest else now
            if kind == "offers":
                done = await self._allocation.expire_offers(before)
                expired += done
            elif kind == "lapses":
                result = await self._lapses.lapse_due(before)
                lapsed, done = lapsed + result, result.lapsed
            else:
                done = await self._lapses.end_stop_lists(before)
                ended += done
            if not done:
                break  # another instance holds those rows (SKIP LOCKED) and is on them
        allocated = await self._allocation.allocate()
        return SweepReport(
            offers_expired=expired,
            referrals_lapsed=lapsed.lapsed,
            stop_listed=lapsed.stop_listed,
            removed=lapsed.removed,
            stop_lists_ended=ended,
            offers_made=allocated.offers,
        )
