"""R14 and R15: what the applicant may do with an issued referral."""

from __future__ import annotations

from dataclasses import replace

from domain.audit import Actor, AuditRecord, Change
from domain.dto import ApplicationRow, ReferralRow
from domain.enums import ApplicationStatus, AuditEntity, PlaceState, ReferralStatus
from services.calendar import MAX_EXTENSION_DAYS, WorkCalendar
from services.clock import Clock
from services.errors import (
    AlreadyExtended,
    ApplicationNotFound,
    ExtensionOutOfRange,
    NotYourApplication,
    ReferralLapsed,
    ReferralNotActive,
    ReferralNotFound,
    RevocationWindowClosed,
)
from services.notices import Postbox, arrival_reminder
from storage.uow import UnitOfWork, UnitOfWorkFactory


async def own_referral(
    uow: UnitOfWork, number: str, parent_iin: str
) -> tuple[ReferralRow, ApplicationRow]:
    referral = await uow.referrals.by_number(number)
    if referral is None:
        raise ReferralNotFound()
    application = await uow.applications.get(referral.application_id)
    if application is None:
        raise ApplicationNotFound()
    if application.applicant_iin != parent_iin:
        raise NotYourApplication()
    return referral, application


class ReferralParentActions:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, calendar: WorkCalendar, postbox: Postbox
    ) -> None:
        self._uow = uow
        self._postbox = postbox
        self._clock = clock
        self._calendar = calendar

    async def revoke(self, number: str, parent_iin: str) -> ReferralRow:
        """R15: within 24 hours of issue; the place goes back to the queue and it is no miss."""
        now = self._clock.now()
        async with self._uow() as uow:
            referral, application = await own_referral(uow, number, parent_iin)
            if referral.status is not ReferralStatus.ACTIVE:
                raise ReferralNotActive(referral.status.value)
            if now > referral.revocable_until:
                raise RevocationWindowClosed(referral.revocable_until)
            if not await uow.referrals.move(
                referral.id,
                expected=ReferralStatus.ACTIVE,
                to=ReferralStatus.REVOKED,
                closed_at=now,
            ):
                raise ReferralNotActive("changed")
            await uow.places.set_state(
                [referral.place_id], to=PlaceState.FREE, expected=PlaceState.TAKEN, now=now
            )
            await uow.applications.move(
                application.id,
                expected=(ApplicationStatus.REFERRAL_ISSUED,),
                to=ApplicationStatus.IN_QUEUE,
                now=now,
            )
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=Actor.parent(parent_iin),
                    action="referral_revoked",
                    change=Change(
                        AuditEntity.APPLICATION,
                        application.id,
                        ApplicationStatus.REFERRAL_ISSUED,
                        ApplicationStatus.IN_QUEUE,
                    ),
                    application_id=application.id,
                    also=(
                        Change(
                            AuditEntity.REFERRAL,
                            referral.id,
                            ReferralStatus.ACTIVE,
                            ReferralStatus.REVOKED,
                        ),
                        Change(
                            AuditEntity.PLACE, referral.place_id, PlaceState.TAKEN, PlaceState.FREE
                        ),
                    ),
                    details={"referral": referral.number},
                )
            )
            await uow.commit()
        return replace(referral, status=ReferralStatus.REVOKED, closed_at=now)

    async def extend(self, number: str, parent_iin: str, days: int) -> ReferralRow:
        """R14: once, by 1 to 30 calendar days, before the referral lapses."""
        if not 1 <= days <= MAX_EXTENSION_DAYS:
            raise ExtensionOutOfRange(days, MAX_EXTENSION_DAYS)
        now = self._clock.now()
        async with self._uow() as uow:
            referral, _application = await own_referral(uow, number, parent_iin)
            if referral.status is not ReferralStatus.ACTIVE:
                raise ReferralNotActive(referral.status.value)
            if referral.extended_days:
                raise AlreadyExtended()
            if now > referral.lapses_at:
                raise ReferralLapsed()
            new_deadline = self._calendar.extended_lapse(referral.lapses_at, days)
            if not await uow.referrals.update_fields(
                referral.id,
                expected=ReferralStatus.ACTIVE,
                lapses_at=new_deadline,
                extended_days=days,
            ):
                raise ReferralNotActive("changed")
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=Actor.parent(parent_iin),
                    action="referral_extended",
                    change=Change(AuditEntity.REFERRAL, referral.id),
                    application_id=referral.application_id,
                    details={
                        "days": days,
                        "from": referral.lapses_at.isoformat(),
                        "to": new_deadline.isoformat(),
                    },
                )
            )
            await self._postbox.post(
                uow.outbox,
                arrival_reminder(
                    referral.application_id, number, now, new_deadline, self._calendar
                ),
            )
            await uow.commit()
        return replace(referral, lapses_at=new_deadline, extended_days=days)
