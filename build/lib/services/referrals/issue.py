"""R10: a signed request takes one place atomically and becomes a referral."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.audit import Actor, AuditRecord, Change
from domain.dto import ApplicationRow, KindergartenRow, PlaceRow, ReferralRow
from domain.enums import (
    ApplicationStatus,
    AuditEntity,
    Benefit,
    DocumentsStatus,
    Language,
    ReferralStatus,
)
from services.calendar import WorkCalendar
from services.clock import Clock
from services.errors import (
    ApplicationNotFound,
    ChoiceNotAvailable,
    NotEligible,
    PlaceNoLongerFree,
    SignerIsNotApplicant,
)
from services.notices import Postbox, referral_notices
from services.queue import choosing
from services.referrals.requests import RequestView, check_signature, request_view
from services.referrals.signing import ReferralRequest, VerifiedSignature
from services.referrals.taking import take_place
from storage.uow import UnitOfWork, UnitOfWorkFactory


class SameTransaction(Protocol):
    """More work that must commit with the referral or not at all (eGov Mobile's request is
    marked used in the referral's own transaction); it raises to call the issue off."""

    async def __call__(self, uow: UnitOfWork) -> None: ...


@dataclass(frozen=True, slots=True)
class IssuedReferral:
    referral: ReferralRow
    view: RequestView  # the kindergarten, its address, the child (what the parent is told)


class ReferralIssuer:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, calendar: WorkCalendar, postbox: Postbox
    ) -> None:
        self._uow = uow
        self._postbox = postbox
        self._clock = clock
        self._calendar = calendar

    async def issue(
        self,
        request: ReferralRequest,
        signature: VerifiedSignature,
        *,
        also: SameTransaction | None = None,
    ) -> IssuedReferral:
        """R10: the signed request takes one place atomically and becomes a referral."""
        check_signature(request, signature)
        now = self._clock.now()
        async with self._uow() as uow:
            if also is not None:  # first: what calls the issue off does so before any work
                await also(uow)
            found = await uow.applications.by_number(request.application_number)
            if found is None:
                raise ApplicationNotFound()
            if found.applicant_iin != signature.signer_iin:
                raise SignerIsNotApplicant()  # R10
            kindergarten = await uow.kindergartens.by_code(request.kindergarten_code)
            if kindergarten is None or not await _in_pool(uow, found, kindergarten, request):
                raise ChoiceNotAvailable()
            await uow.queues.lock(found.pool)
            application = await uow.applications.locked(found)
            assert application is not None
            try:
                open_ = await choosing(uow, application, self._clock)
            except NotEligible as refused:
                if refused.reason == "no_turn":  # the free-choice place went while they signed
                    raise PlaceNoLongerFree() from None
                raise
            place, changes = await take_place(
                uow, application, kindergarten, Language(request.language), open_, now
            )
            referral = await self._record(
                uow, application, place, changes, kindergarten, request, signature, now
            )
            view = await request_view(uow, application, kindergarten, request, self._calendar)
            await uow.commit()
            return IssuedReferral(referral, view)

    async def _record(
        self,
        uow: UnitOfWork,
        application: ApplicationRow,
        place: PlaceRow,
        changes: list[Change],
        kindergarten: KindergartenRow,
        request: ReferralRequest,
        signature: VerifiedSignature,
        now: datetime,
    ) -> ReferralRow:
        number = f"{application.number}/{await uow.referrals.count_for(application.id) + 1}"
        values = self._referral_values(application, request, signature, now)
        referral = await uow.referrals.add(
            number=number, place_id=place.id, kindergarten_id=kindergarten.id, **values
        )
        if not await uow.applications.move(
            application.id,
            expected=(ApplicationStatus.IN_QUEUE, ApplicationStatus.NOTIFIED),
            to=ApplicationStatus.REFERRAL_ISSUED,
            now=now,
        ):
            raise PlaceNoLongerFree()
        also = (Change(AuditEntity.REFERRAL, referral.id, None, ReferralStatus.ACTIVE), *changes)
        await uow.audit.add(
            AuditRecord(
                at=now,
                actor=Actor.parent(application.applicant_iin),
                action="referral_issued",
                change=Change(
                    AuditEntity.APPLICATION,
                    application.id,
                    application.status,
                    ApplicationStatus.REFERRAL_ISSUED,
                ),
                application_id=application.id,
                also=also,
                details={"referral": number, "kindergarten": kindergarten.code},
            )
        )
        await self._postbox.post(
            uow.outbox,
            referral_notices(
                application.id,
                number,
                now,
                lapses_at=values["lapses_at"],
                revocable_until=values["revocable_until"],
                documents_due_at=values["documents_due_at"],
                calendar=self._calendar,
            ),
        )
        return referral

    def _referral_values(
        self,
        application: ApplicationRow,
        request: ReferralRequest,
        signature: VerifiedSignature,
        now: datetime,
    ) -> dict[str, Any]:
        """The referral's deadlines (R12, R15, R17) and its signature."""
        benefit_holder = application.benefit is not Benefit.NONE
        return {
            "application_id": application.id,
            "status": ReferralStatus.ACTIVE,
            "requested_at": request.requested_at,
            "issued_at": now,
            "lapses_at": self._calendar.referral_lapses_at(now),
            "revocable_until": self._calendar.revocable_until(now),
            "extended_days": 0,
            "signer_iin": signature.signer_iin,
            "signer_name": signature.signer_name,
            "signed_content": signature.content,
            "signature": signature.cms,
            "verification_code": secrets.token_urlsafe(12),
            "documents_status": (
                DocumentsStatus.PENDING if benefit_holder else DocumentsStatus.NOT_REQUIRED
            ),
            "documents_due_at": (
                self._calendar.documents_due_at(request.requested_at) if benefit_holder else None
            ),
        }


async def _in_pool(
    uow: UnitOfWork,
    application: ApplicationRow,
    kindergarten: KindergartenRow,
    request: ReferralRequest,
) -> bool:
    return (
        kindergarten.kind is application.kind
        and request.group_year == application.group_year
        and await uow.kindergartens.queue_of(kindergarten.id) == application.queue_id
    )
