"""R11: the referral document (PDF, Kazakh and Russian: services/documents/pdf.py) and its
verification by code, which anyone may ask."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.dto import ReferralRow
from domain.enums import ReferralStatus
from services.clock import Clock
from services.documents.pdf import ReferralFacts, render
from services.eds.cms import signer_card
from services.errors import ReferralNotFound
from services.iin import mask_iin
from services.ownership import own_application
from services.referrals.signing import VerifiedSignature
from services.texts import Translator
from storage.uow import UnitOfWork, UnitOfWorkFactory


class SignatureVerifier(Protocol):
    """How a stored signature is checked (the EDS service's verification, at a moment)."""

    async def __call__(
        self, content: bytes, signature: bytes, at: datetime
    ) -> VerifiedSignature: ...


class VerificationLink(Protocol):
    """The deep link that the QR code leads to (it needs the bot's username)."""

    async def __call__(self, code: str) -> str: ...


@dataclass(frozen=True, slots=True)
class ReferralDocument:
    file_name: str
    pdf: bytes


@dataclass(frozen=True, slots=True)
class Verification:
    """What anyone with the code may see: whether the referral is authentic and its status."""

    authentic: bool
    number: str
    status: ReferralStatus
    kindergarten_kk: str
    kindergarten_ru: str
    group_year: int
    issued_at: datetime
    lapses_at: datetime
    signer_masked_iin: str
    # Not shown: what lets the kindergarten's own staff record the arrival from here.
    referral_id: int
    kindergarten_id: int


class DocumentService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        translator: Translator,
        verify_signature: SignatureVerifier,
        verification_link: VerificationLink,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._t = translator
        self._verify = verify_signature
        self._link = verification_link

    async def referrals_of(self, parent_iin: str, application_id: int) -> list[ReferralRow]:
        async with self._uow.read() as uow:
            await own_application(uow, application_id, parent_iin)
            return await uow.referrals.all_for(application_id)

    async def all_referrals(self, parent_iin: str) -> list[ReferralRow]:
        """R11, «Жалпы құжаттар / Общие документы»: the referrals of all the parent's
        applications."""
        async with self._uow.read() as uow:
            return await uow.referrals.of_applicant(parent_iin)

    async def pdf(self, parent_iin: str, referral_id: int) -> ReferralDocument:
        async with self._uow.read() as uow:
            referral = await uow.referrals.get(referral_id)
            if referral is None:
                raise ReferralNotFound()
            await own_application(uow, referral.application_id, parent_iin)
            facts = await self._facts(uow, referral)
        link = await self._link(referral.verification_code)
        # A few hundred milliseconds of fpdf's CPU: in a thread, so the event loop (the chat,
        # eGov Mobile's API) keeps answering meanwhile.
        pdf = await asyncio.to_thread(render, facts, link, self._t)
        return ReferralDocument(
            file_name=f"referral-{referral.number.replace('/', '-')}.pdf", pdf=pdf
        )

    async def verify(self, code: str) -> Verification:
        """R11: by the code of the QR / deep link; anyone may ask."""
        async with self._uow.read() as uow:
            referral = await uow.referrals.by_verification_code(code.strip())
            if referral is None:
                raise ReferralNotFound()
            content, signature = await uow.referrals.signed_parts(referral.id)
            facts = await self._facts(uow, referral)
        try:
            checked = await self._verify(content, signature, referral.issued_at)
            authentic = checked.signer_iin == referral.signer_iin
        except Exception:
            authentic = False
        return Verification(
            authentic=authentic,
            number=referral.number,
            status=referral.status,
            kindergarten_kk=facts.kindergarten[0],
            kindergarten_ru=facts.kindergarten[1],
            group_year=facts.group_year,
            issued_at=referral.issued_at,
            lapses_at=referral.lapses_at,
            signer_masked_iin=mask_iin(referral.signer_iin),
            referral_id=referral.id,
            kindergarten_id=referral.kindergarten_id,
        )

    @staticmethod
    async def _facts(uow: UnitOfWork, referral: ReferralRow) -> ReferralFacts:
        kindergarten = await uow.kindergartens.get(referral.kindergarten_id)
        application = await uow.applications.get(referral.application_id)
        place = await uow.places.get(referral.place_id)
        assert kindergarten is not None and application is not None and place is not None
        district = await uow.districts.get(kindergarten.district_id)
        child = await uow.children.get(application.child_iin)
        names = (child.surname, child.name, child.patronymic) if child else ()
        _content, signature = await uow.referrals.signed_parts(referral.id)
        return ReferralFacts(
            referral=referral,
            kindergarten=(kindergarten.name_kk, kindergarten.name_ru),
            address=(kindergarten.address_kk, kindergarten.address_ru),
            district=(district.name_kk, district.name_ru),
            group_year=application.group_year,
            language=place.language.value,
            child_name=" ".join(p for p in names if p),
            child_iin=application.child_iin,
            signature=signer_card(signature),
        )
