"""R10: a signed request takes one place atomically and becomes a referral."""

from __future__ import annotations

import secrets
from datetime import datetime

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
    NotYourApplication,
    PlaceNoLongerFree,
    SignatureDoesNotMatch,
    SignerIsNotApplicant,
)
from services.notices import Postbox, referral_notices
from services.queue import choice_scope
from services.referrals.signing import ReferralRequest, VerifiedSignature
from storage.uow import UnitOfWork, UnitOfWorkFactory


class ReferralIssuer:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, calendar: WorkCalendar, postbox: Postbox
    ) -> None:
        self._uow = uow
        self._postbox = postbox
        self._clock = clock
        self._calendar = calendar

    async def prepare(
        self, *, application_id: int, kindergarten_id: int, language: Language, parent_iin: str
    ) -> ReferralRequest:
        """The request a parent is about to sign, after checking that the choice is open (R5)."""
        async with self._uow.read() as uow:
            application = await _own_application(uow, application_id, parent_iin)
            kindergarten = await uow.kindergartens.get(kindergarten_id)
            if kindergarten is None:
                raise ChoiceNotAvailable()
            scope = await choice_scope(uow, application, self._clock)
            choices = await uow.places.choices(
                application.pool,
                states=scope.states,
                also_place_id=scope.own_offer.place_id if scope.own_offer else None,
            )
            if not any(
                c.kindergarten_id == kindergarten_id and c.language == language for c in choices
            ):
                raise PlaceNoLongerFree()
        return ReferralRequest(
            application_number=application.number,
            kindergarten_code=kindergarten.code,
            group_year=application.group_year,
            language=language.value,
            signer_iin=parent_iin,
            requested_at=self._clock.now().replace(microsecond=0),
        )

    async def documents_due(self, request: ReferralRequest) -> datetime | None:
        """R17: for a benefit holder, the latest issue date of the documents to bring."""
        async with self._uow.read() as uow:
            application = await uow.applications.by_number(request.application_number)
        if application is None or application.benefit is Benefit.NONE:
            return None
        return self._calendar.documents_due_at(request.requested_at)

    async def issue(self, request: ReferralRequest, signature: VerifiedSignature) -> ReferralRow:
        if signature.content != request.canonical_bytes():
            raise SignatureDoesNotMatch()
        if signature.signer_iin != request.signer_iin:
            raise SignerIsNotApplicant()
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
                scope = await choice_scope(uow, application, self._clock)
            except NotEligible as refused:
                if refused.reason == "no_turn":  # the free-choice place went while they signed
                    raise PlaceNoLongerFree() from None
                raise
            place, changes = await self._take(
                uow,
                application,
                kindergarten,
                Language(request.language),
                scope.states,
                scope.own_offer,
                now,
            )
            referral = await self._record(
                uow, application, place, changes, kindergarten, request, signature, now
            )
            await uow.commit()
            return referral

    @staticmethod
    async def _take(
        uow: UnitOfWork,
        application: ApplicationRow,
        kindergarten: KindergartenRow,
        language: Language,
        states: tuple[PlaceState, ...],
        own_offer: OfferRow | None,
        now: datetime,
    ) -> tuple[PlaceRow, list[Change]]:
        own_place = own_offer.place_id if own_offer else None
        candidates = await uow.places.takeable(
            application.pool,
            kindergarten_id=kindergarten.id,
            language=language,
            states=states,
            own_place_id=own_place,
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
        benefit_holder = application.benefit is not Benefit.NONE
        number = f"{application.number}/{await uow.referrals.count_for(application.id) + 1}"
        lapses_at = self._calendar.referral_lapses_at(now)
        revocable_until = self._calendar.revocable_until(now)
        documents_due_at = (
            self._calendar.documents_due_at(request.requested_at) if benefit_holder else None
        )
        values = {
            "number": number,
            "application_id": application.id,
            "place_id": place.id,
            "kindergarten_id": kindergarten.id,
            "status": ReferralStatus.ACTIVE,
            "requested_at": request.requested_at,
            "issued_at": now,
            "lapses_at": lapses_at,
            "revocable_until": revocable_until,
            "extended_days": 0,
            "signer_iin": signature.signer_iin,
            "signer_name": signature.signer_name,
            "signed_content": signature.content,
            "signature": signature.cms,
            "verification_code": secrets.token_urlsafe(12),
            "documents_status": (
                DocumentsStatus.PENDING if benefit_holder else DocumentsStatus.NOT_REQUIRED
            ),
            "documents_due_at": documents_due_at,
        }
        referral_id = await uow.referrals.add(**values)
        if not await uow.applications.move(
            application.id,
            expected=(ApplicationStatus.IN_QUEUE, ApplicationStatus.NOTIFIED),
            to=ApplicationStatus.REFERRAL_ISSUED,
            now=now,
        ):
            raise PlaceNoLongerFree()
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
                also=(
                    Change(AuditEntity.REFERRAL, referral_id, None, ReferralStatus.ACTIVE),
                    *changes,
                ),
                details={"referral": number, "kindergarten": kindergarten.code},
            )
        )
        await self._postbox.post(
            uow.outbox,
            referral_notices(
                application.id,
                number,
                now,
                lapses_at=lapses_at,
                revocable_until=revocable_until,
                documents_due_at=documents_due_at,
                calendar=self._calendar,
            ),
        )
        referral = await uow.referrals.by_number(number)
        assert referral is not None
        return referral


async def _own_application(uow: UnitOfWork, application_id: int, parent_iin: str) -> ApplicationRow:
    application = await uow.applications.get(application_id)
    if application is None:
        raise ApplicationNotFound()
    if application.applicant_iin != parent_iin:
        raise NotYourApplication()
    return application


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
