"""District administrators: find an application, see its card and audit trail, and correct it
with a written reason (R12 stop-list lifted early, an application restored after R13)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.audit import AuditRecord, Change
from domain.dto import ApplicationRow
from domain.enums import ApplicationStatus, AuditEntity
from domain.notices import Notice, NoticeEvent
from services.cards import ApplicationCard, ApplicationSummary
from services.clock import Clock
from services.errors import (
    ApplicationNotFound,
    InvalidCommand,
    OutOfScope,
    ReasonRequired,
    WrongApplicationState,
)
from services.iin import is_valid_iin
from services.journal import JournalService
from services.notices import Postbox
from services.staff.roles import Staffer
from storage.uow import UnitOfWork, UnitOfWorkFactory

MIN_REASON = 5  # characters: "ok" is not a reason


@dataclass(frozen=True, slots=True)
class TrailEntry:
    """One audited event of an application, with who did it (the administrator's view)."""

    at: datetime
    actor_kind: str
    actor_id: str
    action: str
    from_state: str | None
    to_state: str | None
    reason: str | None


def _reason(text: str) -> str:
    reason = " ".join(text.split())
    if len(reason) < MIN_REASON:
        raise ReasonRequired()
    return reason[:500]


class ApplicationsDesk:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, journal: JournalService, postbox: Postbox
    ) -> None:
        self._uow = uow
        self._postbox = postbox
        self._clock = clock
        self._journal = journal

    async def find(self, by: Staffer, query: str) -> list[ApplicationSummary]:
        """By the application's number or the child's IIN, within the administrator's scope."""
        by.require_admin()
        value = query.strip()
        if not value:
            raise InvalidCommand("query_missing")
        async with self._uow.read() as uow:
            rows = await uow.applications.of_child(value) if is_valid_iin(value) else []
            if not rows:
                found = await uow.applications.by_number(value)
                rows = [found] if found else []
        if not rows:
            raise InvalidCommand("no_such_application", value=value[:40])
        mine = [row for row in rows if by.covers_district(row.district_id)]
        if not mine:
            raise OutOfScope()
        return await self._journal.summaries(mine)

    async def card(self, by: Staffer, application_id: int) -> ApplicationCard:
        by.require_admin()

        def in_scope(application: ApplicationRow) -> None:
            by.require_district(application.district_id)

        return await self._journal.card_checked(application_id, in_scope)

    async def trail(self, by: Staffer, application_id: int) -> list[TrailEntry]:
        async with self._uow.read() as uow:
            application = await self._in_scope(uow, by, application_id)
            entries = await uow.audit.of_application(application.id)
        return [
            TrailEntry(
                at=e.at,
                actor_kind=str(e.actor_kind),
                actor_id=e.actor_id,
                action=e.action,
                from_state=e.from_state,
                to_state=e.to_state,
                reason=(e.details or {}).get("reason"),
            )
            for e in entries
        ]

    async def lift_stop_list(
        self, by: Staffer, application_id: int, reason: str
    ) -> ApplicationCard:
        """R12 ended early by a decision of the education department; the parent is told.
        Returns the card as it is now."""
        why = _reason(reason)
        now = self._clock.now()
        async with self._uow() as uow:
            application = await self._in_scope(uow, by, application_id, lock=True)
            until = application.stop_listed_until
            if application.status is not ApplicationStatus.STOP_LISTED or until is None:
                raise WrongApplicationState(application.status.value)
            await self._move(
                uow, by, application, ApplicationStatus.STOP_LISTED, "stop_list_lifted", why, now
            )
            # The scheduler's own key for this stop-list's end: the parent is told once either way.
            await self._postbox.post(
                uow.outbox,
                [Notice(application.id, NoticeEvent.STOP_LIST_OVER, f"{until:%Y%m%dT%H%M%S}", now)],
            )
            await uow.commit()
        return await self.card(by, application_id)

    async def restore(self, by: Staffer, application_id: int, reason: str) -> ApplicationCard:
        """Back into the queue after R13 removal, with its original submission time; the card
        as it is now."""
        why = _reason(reason)
        now = self._clock.now()
        async with self._uow() as uow:
            application = await self._in_scope(uow, by, application_id, lock=True)
            if application.status is not ApplicationStatus.REMOVED:
                raise WrongApplicationState(application.status.value)
            await self._move(uow, by, application, ApplicationStatus.REMOVED, "restored", why, now)
            await uow.commit()
        return await self.card(by, application_id)

    async def _move(
        self,
        uow: UnitOfWork,
        by: Staffer,
        application: ApplicationRow,
        expected: ApplicationStatus,
        action: str,
        reason: str,
        now: datetime,
    ) -> None:
        if not await uow.applications.move(
            application.id, expected=(expected,), to=ApplicationStatus.IN_QUEUE, now=now
        ):
            raise WrongApplicationState("changed")
        await uow.applications.set_fields([application.id], stop_listed_until=None)
        await uow.audit.add(
            AuditRecord(
                at=now,
                actor=by.actor(),
                action=action,
                change=Change(
                    AuditEntity.APPLICATION, application.id, expected, ApplicationStatus.IN_QUEUE
                ),
                application_id=application.id,
                details={"reason": reason},
            )
        )

    @staticmethod
    async def _in_scope(
        uow: UnitOfWork, by: Staffer, application_id: int, *, lock: bool = False
    ) -> ApplicationRow:
        by.require_admin()
        application = await uow.applications.get(application_id, lock=lock)
        if application is None:
            raise ApplicationNotFound()
        by.require_district(application.district_id)
        return application
