"""R6 and R8: free places become turns in queue order; an unused turn becomes free choice."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from domain.audit import Actor, AuditRecord, Change
from domain.dto import OfferRow, Pool
from domain.eligibility import offer_filter
from domain.enums import (
    ApplicationStatus,
    AuditEntity,
    Benefit,
    OfferStatus,
    PlaceState,
)
from domain.notices import Notice
from domain.queue_order import merge
from services.alerts import announce_free_choice
from services.calendar import WorkCalendar
from services.clock import Clock, to_almaty
from services.notices import Postbox, turn_notices
from storage.uow import UnitOfWork, UnitOfWorkFactory

BATCH = 1000


class AllocationConflict(RuntimeError):
    """An application changed under the allocation; the transaction is rolled back and the
    next sweep tries again."""


@dataclass(frozen=True)
class AllocationResult:
    offers: int
    pools: int


class AllocationService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        calendar: WorkCalendar,
        postbox: Postbox,
        shuffle: Callable[[list[Notice]], None] | None = None,
    ) -> None:
        self._uow = uow
        self._postbox = postbox
        self._clock = clock
        self._calendar = calendar
        # The free-choice alerts' order within a batch: fair, not by id (tests pass their own).
        self._shuffle = shuffle or random.SystemRandom().shuffle

    async def allocate(self) -> AllocationResult:
        """R6: every free place goes to the next eligible application of its pool."""
        now = self._clock.now()
        async with self._uow.read() as uow:
            pools = await uow.places.pools_with_free_places()
        offers = 0
        touched = 0
        for pool, _count in pools:
            made = await self._allocate_pool(pool, now)
            offers += made
            touched += made > 0
        return AllocationResult(offers=offers, pools=touched)

    async def allocate_published(self, pools: Iterable[Pool]) -> AllocationResult:
        """R6 right after places were published, so the parents whose turn it is hear now and
        not at the next sweep. A pool that changed meanwhile is left to that sweep."""
        now = self._clock.now()
        offers = touched = 0
        for pool in pools:
            try:
                made = await self._allocate_pool(pool, now)
            except AllocationConflict:
                continue
            offers += made
            touched += made > 0
        return AllocationResult(offers=offers, pools=touched)

    async def _allocate_pool(self, pool: Pool, now: datetime) -> int:
        async with self._uow() as uow:
            cursor = await uow.queues.lock_pool(pool)
            free = await uow.places.free_ids(pool)
            if not free:
                return 0
            queue = await uow.queues.get(pool.queue_id)
            out_of_turn, first, general = [
                await self._candidates(uow, pool, benefit, len(free), now) for benefit in Benefit
            ]
            chosen, next_cursor = merge(
                out_of_turn, first, general, ratio=queue.ratio, cursor=cursor, limit=len(free)
            )
            if not chosen:
                return 0
            places = free[: len(chosen)]
            expires_at = self._calendar.offer_expires_at(now)
            await uow.offers.add_many(_offers(chosen, places, now, expires_at))
            moved_places = await uow.places.set_state(
                places, to=PlaceState.OFFERED, expected=PlaceState.FREE, now=now
            )
            moved_applications = await uow.applications.move_many(
                chosen, expected=ApplicationStatus.IN_QUEUE, to=ApplicationStatus.NOTIFIED, now=now
            )
            if moved_places != len(places) or moved_applications != len(chosen):
                raise AllocationConflict(f"pool {pool} changed during allocation")
            await uow.audit.add_many(self._audit(chosen, places, now))
            await self._postbox.post(
                uow.outbox,
                [
                    notice
                    for application_id, place_id in zip(chosen, places, strict=True)
                    for notice in turn_notices(
                        application_id, place_id, now, expires_at, self._calendar
                    )
                ],
            )
            if queue.ratio is not None:
                await uow.queues.set_cursor(pool, next_cursor)
            await uow.commit()
            return len(chosen)

    async def _candidates(
        self, uow: UnitOfWork, pool: Pool, benefit: Benefit, limit: int, now: datetime
    ) -> list[int]:
        return await uow.applications.candidates(
            pool, benefit, limit=limit, rule=offer_filter(pool.kind, to_almaty(now).date())
        )

    @staticmethod
    def _audit(applications: list[int], places: list[int], now: datetime) -> list[AuditRecord]:
        actor = Actor.scheduler()
        return [
            AuditRecord(
                at=now,
                actor=actor,
                action="turn_arrived",
                change=Change(
                    AuditEntity.APPLICATION,
                    application_id,
                    ApplicationStatus.IN_QUEUE,
                    ApplicationStatus.NOTIFIED,
                ),
                application_id=application_id,
                also=(Change(AuditEntity.PLACE, place_id, PlaceState.FREE, PlaceState.OFFERED),),
            )
            for application_id, place_id in zip(applications, places, strict=True)
        ]

    async def expire_offers(self, before: datetime | None = None) -> int:
        """R8: after 3 working days the offered place becomes free choice; the applicant keeps
        their place in the queue. `before` limits it to windows that ended before that
        instant (a catch-up in deadline order)."""
        now = self._clock.now()
        cutoff = min(before, now) if before else now
        expired = 0
        while True:
            async with self._uow() as uow:
                due = await uow.offers.due(cutoff, BATCH)
                if not due:
                    return expired
                freed = await self._expire(uow, due, now)
                let_go = {offer.place_id: offer.application_id for offer in due}
                await announce_free_choice(uow, self._postbox, freed, let_go, now, self._shuffle)
                await uow.commit()
                expired += len(due)

    @staticmethod
    async def _expire(uow: UnitOfWork, due: list[OfferRow], now: datetime) -> list[int]:
        """The offers closed; returns the places that passed into free choice."""
        actor = Actor.scheduler()
        freed: list[int] = []
        await uow.offers.close([o.id for o in due], to=OfferStatus.EXPIRED, now=now)
        records: list[AuditRecord] = []
        for offer in due:
            place_freed = await uow.places.set_state(
                [offer.place_id], to=PlaceState.FREE_CHOICE, expected=PlaceState.OFFERED, now=now
            )
            if place_freed:
                freed.append(offer.place_id)
            back_in_queue = await uow.applications.move(
                offer.application_id,
                expected=(ApplicationStatus.NOTIFIED,),
                to=ApplicationStatus.IN_QUEUE,
                now=now,
            )
            records.append(
                AuditRecord(
                    at=now,
                    actor=actor,
                    action="offer_expired",
                    change=Change(
                        AuditEntity.APPLICATION,
                        offer.application_id,
                        ApplicationStatus.NOTIFIED if back_in_queue else None,
                        ApplicationStatus.IN_QUEUE if back_in_queue else None,
                    ),
                    application_id=offer.application_id,
                    also=(
                        (
                            Change(
                                AuditEntity.PLACE,
                                offer.place_id,
                                PlaceState.OFFERED,
                                PlaceState.FREE_CHOICE,
                            ),
                        )
                        if place_freed
                        else ()
                    ),
                    details={"window_ended": offer.expires_at.isoformat()},
                )
            )
        await uow.audit.add_many(records)
        return freed


def _offers(
    applications: list[int], places: list[int], now: datetime, expires_at: datetime
) -> list[dict[str, object]]:
    """R6/R8: each chosen application's place, reserved until its window ends."""
    return [
        {
            "application_id": application_id,
            "place_id": place_id,
            "offered_at": now,
            "expires_at": expires_at,
            "status": OfferStatus.ACTIVE,
        }
        for application_id, place_id in zip(applications, places, strict=True)
    ]
