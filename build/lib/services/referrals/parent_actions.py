"""R14 and R15: what the applicant may do with the referral of their application. Whether they
may is domain.referral_actions' answer, the same one that decides the card's buttons."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from domain.audit import Actor, AuditRecord, Change
from domain.dto import ApplicationRow, ReferralRow
from domain.enums import ApplicationStatus, AuditEntity, PlaceState, ReferralStatus
from domain.referral_actions import (
    MAX_EXTENSION_DAYS,
    Refusal,
    Refused,
    extension_refused,
    revocation_refused,
)
from services.calendar import WorkCalendar
from services.clock import Clock
from services.errors import (
    AlreadyExtended,
    DomainError,
    ExtensionOutOfRange,
    ReferralLapsed,
    ReferralNotActive,
    RevocationWindowClosed,
)
from services.notices import Postbox, arrival_reminder
from services.ownership import own_application
from storage.uow import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class ExtensionPreview:
    """What the parent confirms before an extension (R14)."""

    referral: ReferralRow
    days: int
    new_deadline: datetime


def refusal_error(refused: Refused) -> DomainError:
    if refused.refusal is Refusal.WINDOW_CLOSED:
        assert refused.at is not None
        return RevocationWindowClosed(refused.at)
    if refused.refusal is Refusal.ALREADY_EXTENDED:
        return AlreadyExtended()
    if refused.refusal is Refusal.LAPSED:
        return ReferralLapsed()
    return ReferralNotActive(refused.status.value)


async def own_referral(
    uow: UnitOfWork, application_id: int, parent_iin: str
) -> tuple[ReferralRow, ApplicationRow]:
    """The latest referral of the parent's own application (R3)."""
    application = await own_application(uow, application_id, parent_iin)
    referral = await uow.referrals.latest_for(application.id)
    if referral is None:
        raise ReferralNotActive("none")
    return referral, application


def _check_days(days: int) -> None:
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ExtensionOutOfRange(days, MAX_EXTENSION_DAYS)


class ReferralParentActions:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, calendar: WorkCalendar, postbox: Postbox
    ) -> None:
        self._uow = uow
        self._postbox = postbox
        self._clock = clock
        self._calendar = calendar

    async def revocable(self, application_id: int, parent_iin: str) -> ReferralRow:
        """The referral the parent is asked to confirm revoking; raises what R15 refuses."""
        async with self._uow.read() as uow:
            referral, _ = await own_referral(uow, application_id, parent_iin)
        if (refused := revocation_refused(referral, self._clock.now())) is not None:
            raise refusal_error(refused)
        return referral

    async def revoke(self, application_id: int, parent_iin: str) -> ReferralRow:
        """R15: within 24 hours of issue; the place goes back to the queue and it is no miss."""
        now = self._clock.now()
        async with self._uow() as uow:
            referral, application = await own_referral(uow, application_id, parent_iin)
            if (refused := revocation_refused(referral, now)) is not None:
                raise refusal_error(refused)
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
            await uow.audit.add(_revocation_record(referral, application, parent_iin, now))
            await uow.commit()
        return replace(referral, status=ReferralStatus.REVOKED, closed_at=now)

    async def extension(
        self, application_id: int, parent_iin: str, days: int | None = None
    ) -> ExtensionPreview:
        """R14, before the parent confirms: the referral and, for `days`, its new deadline;
        raises what R14 refuses (the days are checked only when given)."""
        if days is not None:
            _check_days(days)
        async with self._uow.read() as uow:
            referral, _ = await own_referral(uow, application_id, parent_iin)
        if (refused := extension_refused(referral, self._clock.now())) is not None:
            raise refusal_error(refused)
        chosen = days or 0
        return ExtensionPreview(
            referral, chosen, self._calendar.extended_lapse(referral.lapses_at, chosen)
        )

    async def extend(self, application_id: int, parent_iin: str, days: int) -> ReferralRow:
        """R14: once, by 1 to 30 calendar days, before the referral lapses."""
        _check_days(days)
        now = self._clock.now()
        async with self._uow() as uow:
            referral, _ = await own_referral(uow, application_id, parent_iin)
            if (refused := extension_refused(referral, now)) is not None:
                raise refusal_error(refused)
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
                    referral.application_id, referral.number, now, new_deadline, self._calendar
                ),
            )
            await uow.commit()
        return replace(referral, lapses_at=new_deadline, extended_days=days)


def _revocation_record(
    referral: ReferralRow, application: ApplicationRow, parent_iin: str, now: datetime
) -> AuditRecord:
    return AuditRecord(
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
                AuditEntity.REFERRAL, referral.id, ReferralStatus.ACTIVE, ReferralStatus.REVOKED
            ),
            Change(AuditEntity.PLACE, referral.place_id, PlaceState.TAKEN, PlaceState.FREE),
        ),
        details={"referral": referral.number},
    )
