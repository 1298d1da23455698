"""R12 and R13: a referral not used in time is cancelled, the application stop-listed for 10
working days, and removed from the queue after the second miss; the stop-list ends by itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.audit import Actor, AuditRecord
from services.calendar import WorkCalendar
from services.clock import Clock
from services.dto import ApplicationRow, ReferralRow
from services.enums import ApplicationStatus, AuditEntity, PlaceState, ReferralStatus
from services.notices import Notice, NoticeEvent
from storage.uow import UnitOfWork, UnitOfWorkFactory

MISSES_BEFORE_REMOVAL = 2  # R13
BATCH = 2000


@dataclass(frozen=True)
class LapseResult:
    lapsed: int = 0
    stop_listed: int = 0
    removed: int = 0


class LapseService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, calendar: WorkCalendar) -> None:
        self._uow = uow
        self._clock = clock
        self._calendar = calendar

    async def lapse_due(self) -> LapseResult:
        now = self._clock.now()
        total = LapseResult()
        while True:
            async with self._uow() as uow:
                due = await uow.referrals.due_lapses(now, BATCH)
                if not due:
                    return total
                result = await self._lapse(uow, due, now)
                await uow.commit()
            total = LapseResult(
                total.lapsed + result.lapsed,
                total.stop_listed + result.stop_listed,
                total.removed + result.removed,
            )

    async def _lapse(self, uow: UnitOfWork, due: list[ReferralRow], now: datetime) -> LapseResult:
        applications = await uow.applications.by_ids(r.application_id for r in due)
        await uow.referrals.close_many([r.id for r in due], to=ReferralStatus.LAPSED, now=now)
        await uow.places.set_state(
            [r.place_id for r in due], to=PlaceState.FREE, expected=PlaceState.TAKEN, now=now
        )
        actor = Actor.scheduler()
        updates: list[dict[str, Any]] = []
        records: list[AuditRecord] = []
        notices: list[Notice] = []
        removed = 0
        for referral in due:
            application = applications[referral.application_id]
            change = self._after_miss(application, referral)
            removed += change["status"] is ApplicationStatus.REMOVED
            updates.append({"id": application.id, "status_changed_at": now, **change})
            records += [
                AuditRecord(
                    now,
                    actor,
                    AuditEntity.REFERRAL,
                    referral.id,
                    "lapsed",
                    ReferralStatus.ACTIVE,
                    ReferralStatus.LAPSED,
                    {"deadline": referral.lapses_at.isoformat()},
                ),
                AuditRecord(
                    now,
                    actor,
                    AuditEntity.PLACE,
                    referral.place_id,
                    "released",
                    PlaceState.TAKEN,
                    PlaceState.FREE,
                    {"referral": referral.number},
                ),
                AuditRecord(
                    now,
                    actor,
                    AuditEntity.APPLICATION,
                    application.id,
                    "referral_lapsed",
                    application.status,
                    change["status"],
                    {"misses": change["misses"], "referral": referral.number},
                ),
            ]
            notices.append(self._notice(application, referral, change, now))
        await uow.applications.update_many(updates)
        await uow.audit.add_many(records)
        await uow.outbox.add_many(notices)
        return LapseResult(len(due), len(due) - removed, removed)

    def _after_miss(self, application: ApplicationRow, referral: ReferralRow) -> dict[str, Any]:
        misses = application.misses + 1
        if misses >= MISSES_BEFORE_REMOVAL:
            return {
                "status": ApplicationStatus.REMOVED,
                "misses": misses,
                "stop_listed_until": None,
            }
        # The stop-list counts from the day the referral lapsed, not from when a sweep noticed.
        until = self._calendar.stop_listed_until(referral.lapses_at)
        return {
            "status": ApplicationStatus.STOP_LISTED,
            "misses": misses,
            "stop_listed_until": until,
        }

    @staticmethod
    def _notice(
        application: ApplicationRow, referral: ReferralRow, change: dict[str, Any], now: datetime
    ) -> Notice:
        if change["status"] is ApplicationStatus.REMOVED:
            return Notice(
                application.id,
                NoticeEvent.REMOVED,
                referral.number,
                now,
                {"referral": referral.number},
            )
        return Notice(
            application.id,
            NoticeEvent.REFERRAL_LAPSED,
            referral.number,
            now,
            {
                "referral": referral.number,
                "stop_listed_until": change["stop_listed_until"].isoformat(),
            },
        )

    async def end_stop_lists(self) -> int:
        """R12: after 10 working days the application is back in the queue."""
        now = self._clock.now()
        ended = 0
        while True:
            async with self._uow() as uow:
                due = await uow.applications.due_stop_list_ends(now, BATCH)
                if not due:
                    return ended
                await uow.applications.update_many(
                    [
                        {
                            "id": i,
                            "status": ApplicationStatus.IN_QUEUE,
                            "status_changed_at": now,
                            "stop_listed_until": None,
                        }
                        for i, _ in due
                    ]
                )
                actor = Actor.scheduler()
                await uow.audit.add_many(
                    [
                        AuditRecord(
                            now,
                            actor,
                            AuditEntity.APPLICATION,
                            i,
                            "stop_list_over",
                            ApplicationStatus.STOP_LISTED,
                            ApplicationStatus.IN_QUEUE,
                            {"until": until.isoformat()},
                        )
                        for i, until in due
                    ]
                )
                await uow.outbox.add_many(
                    [
                        Notice(i, NoticeEvent.STOP_LIST_OVER, until.strftime("%Y%m%dT%H%M%S"), now)
                        for i, until in due
                    ]
                )
                await uow.commit()
                ended += len(due)
