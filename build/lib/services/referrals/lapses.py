"""R12 and R13: a referral not used in time is cancelled, the application stop-listed for 10
working days, and removed from the queue after the second miss; the stop-list ends by itself."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from domain.audit import Actor, AuditRecord, Change
from domain.dto import DueLapse
from domain.enums import ApplicationStatus, AuditEntity, PlaceState, ReferralStatus
from domain.notices import Notice, NoticeEvent
from services.calendar import WorkCalendar
from services.clock import Clock
from services.notices import Postbox
from storage.uow import UnitOfWork, UnitOfWorkFactory

MISSES_BEFORE_REMOVAL = 2  # R13
BATCH = 20000


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a lapse does to its application (R12/R13)."""

    status: ApplicationStatus
    misses: int
    stop_listed_until: datetime | None


@dataclass(frozen=True)
class LapseResult:
    lapsed: int = 0
    stop_listed: int = 0
    removed: int = 0

    def __add__(self, other: LapseResult) -> LapseResult:
        return LapseResult(
            self.lapsed + other.lapsed,
            self.stop_listed + other.stop_listed,
            self.removed + other.removed,
        )


class LapseService:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, calendar: WorkCalendar, postbox: Postbox
    ) -> None:
        self._uow = uow
        self._postbox = postbox
        self._clock = clock
        self._calendar = calendar

    async def lapse_due(self, before: datetime | None = None) -> LapseResult:
        """R12/R13 for every referral whose deadline passed (before `before`, if given)."""
        now = self._clock.now()
        cutoff = min(before, now) if before else now
        # Batches are claimed with SKIP LOCKED where the database has row locks: several
        # transactions then take disjoint batches, and the database works while Python builds.
        results = await asyncio.gather(
            *(self._lapse_batches(cutoff, now) for _ in range(self._uow.parallel_writers))
        )
        return sum(results, LapseResult())

    async def _lapse_batches(self, cutoff: datetime, now: datetime) -> LapseResult:
        total = LapseResult()
        while True:
            async with self._uow() as uow:
                due = await uow.referrals.due_lapses(cutoff, BATCH)
                if not due:
                    return total
                total += await self._lapse(uow, due, now)
                await uow.commit()

    async def _lapse(self, uow: UnitOfWork, due: list[DueLapse], now: datetime) -> LapseResult:
        after = [(lapse, self._after_miss(lapse)) for lapse in due]
        outcomes: dict[Outcome, list[int]] = defaultdict(list)
        for lapse, outcome in after:
            outcomes[outcome].append(lapse.application_id)
        await self._change_states(uow, due, outcomes, now)
        records: list[AuditRecord] = []
        notices: list[Notice] = []
        for lapse, outcome in after:
            records.append(self._audit(lapse, outcome, now))
            notices.append(self._notice(lapse, outcome, now))
        await uow.audit.add_many(records)
        await self._postbox.post(uow.outbox, notices)
        removed = sum(
            len(ids) for o, ids in outcomes.items() if o.status is ApplicationStatus.REMOVED
        )
        return LapseResult(len(due), len(due) - removed, removed)

    @staticmethod
    async def _change_states(
        uow: UnitOfWork, due: list[DueLapse], outcomes: dict[Outcome, list[int]], now: datetime
    ) -> None:
        await uow.referrals.close_many(
            [d.referral_id for d in due], to=ReferralStatus.LAPSED, now=now
        )
        await uow.places.set_state(
            [d.place_id for d in due], to=PlaceState.FREE, expected=PlaceState.TAKEN, now=now
        )
        for outcome, ids in outcomes.items():
            await uow.applications.set_fields(
                ids,
                status=outcome.status,
                misses=outcome.misses,
                stop_listed_until=outcome.stop_listed_until,
                status_changed_at=now,
            )

    @staticmethod
    def _audit(lapse: DueLapse, outcome: Outcome, now: datetime) -> AuditRecord:
        return AuditRecord(
            at=now,
            actor=Actor.scheduler(),
            action="referral_lapsed",
            change=Change(
                AuditEntity.APPLICATION,
                lapse.application_id,
                lapse.application_status,
                outcome.status,
            ),
            application_id=lapse.application_id,
            also=(
                Change(
                    AuditEntity.REFERRAL,
                    lapse.referral_id,
                    ReferralStatus.ACTIVE,
                    ReferralStatus.LAPSED,
                ),
                Change(AuditEntity.PLACE, lapse.place_id, PlaceState.TAKEN, PlaceState.FREE),
            ),
            details={"referral": lapse.number, "misses": outcome.misses},
        )

    def _after_miss(self, lapse: DueLapse) -> Outcome:
        misses = lapse.misses + 1
        if misses >= MISSES_BEFORE_REMOVAL:
            return Outcome(ApplicationStatus.REMOVED, misses, None)
        # The stop-list counts from the day the referral lapsed, not from when a sweep noticed.
        return Outcome(
            ApplicationStatus.STOP_LISTED, misses, self._calendar.stop_listed_until(lapse.lapses_at)
        )

    @staticmethod
    def _notice(lapse: DueLapse, outcome: Outcome, now: datetime) -> Notice:
        if outcome.stop_listed_until is None:
            payload = {"referral": lapse.number}
            return Notice(lapse.application_id, NoticeEvent.REMOVED, lapse.number, now, payload)
        payload = {
            "referral": lapse.number,
            "stop_listed_until": outcome.stop_listed_until.isoformat(),
        }
        return Notice(lapse.application_id, NoticeEvent.REFERRAL_LAPSED, lapse.number, now, payload)

    async def end_stop_lists(self, before: datetime | None = None) -> int:
        """R12: after 10 working days the application is back in the queue."""
        now = self._clock.now()
        cutoff = min(before, now) if before else now
        actor = Actor.scheduler()
        ended = 0
        while True:
            async with self._uow() as uow:
                due = await uow.applications.due_stop_list_ends(cutoff, BATCH)
                if not due:
                    return ended
                await uow.applications.set_fields(
                    [i for i, _ in due],
                    status=ApplicationStatus.IN_QUEUE,
                    status_changed_at=now,
                    stop_listed_until=None,
                )
                await uow.audit.add_many(
                    [
                        AuditRecord(
                            at=now,
                            actor=actor,
                            action="stop_list_over",
                            change=Change(
                                AuditEntity.APPLICATION,
                                i,
                                ApplicationStatus.STOP_LISTED,
                                ApplicationStatus.IN_QUEUE,
                            ),
                            application_id=i,
                            details={"until": until.isoformat()},
                        )
                        for i, until in due
                    ]
                )
                await self._postbox.post(
                    uow.outbox,
                    [
                        Notice(i, NoticeEvent.STOP_LIST_OVER, f"{until:%Y%m%dT%H%M%S}", now)
                        for i, until in due
                    ],
                )
                await uow.commit()
                ended += len(due)
