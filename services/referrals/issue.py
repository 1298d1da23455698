"""R10: a signed request takes one place atomically and becomes a referral."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.audit import Actor, AuditRecord, Change
from domain.dto import ApplicationRow, KindergartenRow, OfferRow, PlaceRow, ReferralRow
from domain.enums import (
    ApplicationStatus,
    AuditEntity,
    Benefit,
    DocumentsStatus,
    Language,
    OfferStatus,
    PlaceState,
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
from services.queue import Choosing, choosing
from services.referrals.requests import RequestView, check_signature, request_view
from services.referrals.signing import ReferralRequest, VerifiedSignature
from storage.uow import UnitOfWork, UnitOfWorkFactory


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

    async def issue(self, request: ReferralRequest, signature: VerifiedSignature) -> IssuedReferral:
        """R10: the signed request takes one place atomically and becomes a referral."""
        check_signature(request, signature)
        now = self._clock.now()
        async with self._uow() as uow:
            found = await uow.applications.by_number(request.application_number)
            if found is None:
                raise ApplicationNotFound()
            if found.applicant_iin != signature.signer_iin:
                raise SignerIsNotApplicant()  # R10
            kindergarten = await uow.kindergartens.by_code(request.kindergarten_code)
            if kindergarten is None or not await _in_pool(uow, found, kindergarten, request):
                raise ChoiceNotAvailable()
            await uow.queues.lock_pool(found.pool)
            application = await uow.applications.get(found.id, lock=True)
            assert application is not None
            try:
                open_ = await choosing(uow, application, self._clock)
            except NotEligible as refused:
                if refused.reason == "no_turn":  # the free-choice place went while they signed
                    raise PlaceNoLongerFree() from None
                raise
            place, changes = await self._take(
                uow, application, kindergarten, Language(request.language), open_, now
            )
            referral = await self._record(
                uow, application, place, changes, kindergarten, request, signature, now
            )
            view = await request_view(uow, application, kindergarten, request, self._calendar)
            await uow.commit()
            return IssuedReferral(referral, view)

    @staticmethod
    async def _take(
        uow: UnitOfWork,
        application: ApplicationRow,
        kindergarten: KindergartenRow,
        language: Language,
        open_: Choosing,
        now: datetime,
    ) -> tuple[PlaceRow, list[Change]]:
        own_offer = open_.own_offer
        candidates = await uow.places.takeable(
            application.pool,
            kindergarten_id=kindergarten.id,
            language=language,
            states=open_.states,
            own_place_id=own_offer.place_id if own_offer else None,
        )
        for place in candidates:
            if await uow.places.set_state(
                [place.id],
                to=PlaceState.TAKEN,
                expected=place.state,
                now=now,
                holder_application_id=application.id,
            ):
                break
        else:
            raise PlaceNoLongerFree()
        changes = [Change(AuditEntity.PLACE, place.id, place.state, PlaceState.TAKEN)]
        if own_offer is not None:
            if place.id != own_offer.place_id:
                changes += await _hand_over_reservation(uow, application, own_offer, place, now)
            if not await uow.offers.close([own_offer.id], to=OfferStatus.USED, now=now):
                raise PlaceNoLongerFree()
        return place, changes

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
        referral_id = await uow.referrals.add(
            number=number, place_id=place.id, kindergarten_id=kindergarten.id, **values
        )
        if not await uow.applications.move(
            application.id,
            expected=(ApplicationStatus.IN_QUEUE, ApplicationStatus.NOTIFIED),
            to=ApplicationStatus.REFERRAL_ISSUED,
            now=now,
        ):
            raise PlaceNoLongerFree()
        also = (Change(AuditEntity.REFERRAL, referral_id, None, ReferralStatus.ACTIVE), *changes)
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
        referral = await uow.referrals.by_number(number)
        assert referral is not None
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


async def _hand_over_reservation(
    uow: UnitOfWork,
    application: ApplicationRow,
    own_offer: OfferRow,
    taken: PlaceRow,
    now: datetime,
) -> list[Change]:
    """The parent took a place other than the one reserved for them. If it was reserved for
    someone else, that reservation moves to the parent's former place; otherwise the parent's
    former place goes back to the queue (R6). Returns the changes to the parent's former place."""
    if taken.state is PlaceState.OFFERED:
        other = await uow.offers.active_on_place(taken.id)
        if other is not None and await uow.offers.move_to_place(other.id, own_offer.place_id):
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=Actor.parent(application.applicant_iin),
                    action="reservation_moved",
                    change=Change(AuditEntity.APPLICATION, other.application_id),
                    application_id=other.application_id,
                    details={"from_place_id": taken.id, "to_place_id": own_offer.place_id},
                )
            )
            return []
    await uow.places.set_state(
        [own_offer.place_id], to=PlaceState.FREE, expected=PlaceState.OFFERED, now=now
    )
    return [Change(AuditEntity.PLACE, own_offer.place_id, PlaceState.OFFERED, PlaceState.FREE)]
