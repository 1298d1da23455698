"""R10, before the referral: the request a parent signs, prepared once the choice is checked
(R5), and reviewed once signed (the signature covers it, the signer is the applicant). What the
parent is shown names the kindergarten, its address and the child, never codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.dto import ApplicationRow, KindergartenRow
from domain.enums import Benefit, Language
from services.calendar import WorkCalendar
from services.clock import Clock
from services.errors import (
    ApplicationNotFound,
    ChoiceNotAvailable,
    PlaceNoLongerFree,
    SignatureDoesNotMatch,
    SignerIsNotApplicant,
)
from services.ownership import own_application
from services.queue import choosing
from services.referrals.signing import ReferralRequest, VerifiedSignature
from storage.uow import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class RequestView:
    """A referral request as the parent reads it (the chat, eGov Mobile's document card)."""

    application_number: str
    child_name: str
    kindergarten_kk: str
    kindergarten_ru: str
    address_kk: str
    address_ru: str
    group_year: int
    language: Language
    documents_due_at: datetime | None  # R17: a benefit holder's documents, issued by then


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    request: ReferralRequest
    view: RequestView


def check_signature(request: ReferralRequest, signature: VerifiedSignature) -> None:
    """The signature covers exactly this request, and its signer is the one the request names:
    the applicant (R10)."""
    if signature.content != request.canonical_bytes():
        raise SignatureDoesNotMatch()
    if signature.signer_iin != request.signer_iin:
        raise SignerIsNotApplicant()


class ReferralRequests:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, calendar: WorkCalendar) -> None:
        self._uow = uow
        self._clock = clock
        self._calendar = calendar

    async def prepare(
        self, *, application_id: int, kindergarten_id: int, language: Language, parent_iin: str
    ) -> PreparedRequest:
        """The request a parent is about to sign, after checking that the choice is open (R5)
        and that this kindergarten and language still have a place for it."""
        async with self._uow.read() as uow:
            application = await own_application(uow, application_id, parent_iin)
            kindergarten = await uow.kindergartens.get(kindergarten_id)
            if kindergarten is None:
                raise ChoiceNotAvailable()
            open_ = await choosing(uow, application, self._clock)
            choices = await uow.places.choices(
                application.pool,
                states=open_.states,
                also_place_id=open_.own_offer.place_id if open_.own_offer else None,
            )
            if not any(
                c.kindergarten_id == kindergarten_id and c.language is language for c in choices
            ):
                raise PlaceNoLongerFree()
            request = ReferralRequest(
                application_number=application.number,
                kindergarten_code=kindergarten.code,
                group_year=application.group_year,
                language=language.value,
                signer_iin=parent_iin,
                requested_at=self._clock.now().replace(microsecond=0),
            )
            view = await request_view(uow, application, kindergarten, request, self._calendar)
        return PreparedRequest(request, view)

    async def review(self, request: ReferralRequest, signature: VerifiedSignature) -> RequestView:
        """A signed request, before «Қол қою / Подписать» sends it: refused at once when the
        signature does not cover it or is not the applicant's (R10)."""
        check_signature(request, signature)
        async with self._uow.read() as uow:
            application = await uow.applications.by_number(request.application_number)
            if application is None:
                raise ApplicationNotFound()
            if application.applicant_iin != signature.signer_iin:
                raise SignerIsNotApplicant()
            kindergarten = await uow.kindergartens.by_code(request.kindergarten_code)
            if kindergarten is None:
                raise ChoiceNotAvailable()
            return await request_view(uow, application, kindergarten, request, self._calendar)

    async def view(self, request: ReferralRequest) -> RequestView:
        async with self._uow.read() as uow:
            application = await uow.applications.by_number(request.application_number)
            kindergarten = await uow.kindergartens.by_code(request.kindergarten_code)
            if application is None or kindergarten is None:
                raise ChoiceNotAvailable()
            return await request_view(uow, application, kindergarten, request, self._calendar)


async def request_view(
    uow: UnitOfWork,
    application: ApplicationRow,
    kindergarten: KindergartenRow,
    request: ReferralRequest,
    calendar: WorkCalendar,
) -> RequestView:
    child = await uow.children.get(application.child_iin)
    names = (child.surname, child.name, child.patronymic) if child else ()
    return RequestView(
        application_number=application.number,
        child_name=" ".join(p for p in names if p),
        kindergarten_kk=kindergarten.name_kk,
        kindergarten_ru=kindergarten.name_ru,
        address_kk=kindergarten.address_kk,
        address_ru=kindergarten.address_ru,
        group_year=request.group_year,
        language=Language(request.language),
        documents_due_at=(
            None
            if application.benefit is Benefit.NONE
            else calendar.documents_due_at(request.requested_at)
        ),
    )
