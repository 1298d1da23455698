"""One pass over everything that is due now. Each step is idempotent and reads its work from
the rows (deadline columns), so a pass after any downtime catches up, and a second pass right
after the first finds nothing to do."""

from __future__ import annotations

from dataclasses import dataclass

from services.allocation import AllocationService
from services.referrals.lapses import LapseService


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

    def lines(self) -> list[str]:
        return [
            f"R8  turns expired, places now free choice: {self.offers_expired}",
            f"R12 referrals lapsed: {self.referrals_lapsed} "
            f"(stop-listed {self.stop_listed}, R13 removed from the queue {self.removed})",
            f"R12 stop-lists ended: {self.stop_lists_ended}",
            f"R6  turns arrived (places offered): {self.offers_made}",
        ]


class SweepService:
    def __init__(self, allocation: AllocationService, lapses: LapseService) -> None:
        self._allocation = allocation
        self._lapses = lapses

    async def run_due(self) -> SweepReport:
        # Order matters: what frees places (R8, R12) and what returns applications to the queue
        # (stop-list over) comes before the allocation that hands places out (R6).
        expired = await self._allocation.expire_offers()
        lapsed = await self._lapses.lapse_due()
        ended = await self._lapses.end_stop_lists()
        allocated = await self._allocation.allocate()
        return SweepReport(
            offers_expired=expired,
            referrals_lapsed=lapsed.lapsed,
            stop_listed=lapsed.stop_listed,
            removed=lapsed.removed,
            stop_lists_ended=ended,
            offers_made=allocated.offers,
        )
