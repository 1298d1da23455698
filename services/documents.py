"""R11: the referral document (PDF, Kazakh and Russian) and its verification by code."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from domain.dto import ReferralRow
from domain.enums import DocumentsStatus, ReferralStatus
from services.clock import Clock, to_almaty
from services.errors import ReferralNotFound
from services.ownership import own_application
from services.referrals.signing import VerifiedSignature
from services.texts import N_, Translator
from storage.uow import UnitOfWork, UnitOfWorkFactory

if TYPE_CHECKING:
    from fpdf import FPDF


def _package_folder(name: str) -> str:
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{name} is not installed")
    return str(spec.submodule_search_locations[0])


# DejaVu Sans has every Kazakh letter (ә ғ қ ң ө ұ ү һ і) and ships with matplotlib, which the
# statistics charts need anyway: the font installs with the package.
# Found without importing matplotlib (tens of MB that only /stats needs).
FONTS = Path(_package_folder("matplotlib")) / "mpl-data" / "fonts" / "ttf"
FONT = FONTS / "DejaVuSans.ttf"
FONT_BOLD = FONTS / "DejaVuSans-Bold.ttf"

TITLE = N_("Referral to a preschool organisation")
LABELS = {
    "number": N_("Referral number"),
    "kindergarten": N_("Kindergarten"),
    "address": N_("Address"),
    "group": N_("Group year"),
    "language": N_("Language of instruction"),
    "child": N_("Child"),
    "child_iin": N_("Child's IIN"),
    "issued": N_("Issued"),
    "arrive_by": N_("Arrive at the kindergarten by"),
    "revocable": N_("May be revoked by the applicant until"),
    "signed_by": N_("Signed with EDS by"),
    "signed_at": N_("Signing time"),
    "certificate": N_("Certificate serial number"),
    "status": N_("Status"),
}
DOCUMENTS_NOTE = N_(
    "The referral was obtained under a benefit: bring documents confirming it, issued no later "
    "than {date}."
)
VERIFY_NOTE = N_("Check this referral: scan the QR code or open {link}")
LANGUAGE_NAMES = {"kk": N_("Kazakh"), "ru": N_("Russian")}
STATUS_NAMES = {
    ReferralStatus.ACTIVE: N_("valid"),
    ReferralStatus.ENROLLED: N_("used: the child was admitted"),
    ReferralStatus.LAPSED: N_("cancelled: the child did not arrive in time"),
    ReferralStatus.REVOKED: N_("revoked by the applicant"),
}


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


@dataclass(frozen=True, slots=True)
class _Facts:
    referral: ReferralRow
    kindergarten: tuple[str, str, str, str]  # name kk, name ru, address kk, address ru
    group_year: int
    language: str
    child_name: str
    child_iin: str


def _format(moment: datetime) -> str:
    return to_almaty(moment).strftime("%d.%m.%Y %H:%M")


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
        return ReferralDocument(
            file_name=f"referral-{referral.number.replace('/', '-')}.pdf",
            pdf=self._render(facts, await self._link(referral.verification_code)),
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
            signer_masked_iin=f"{referral.signer_iin[:4]}******{referral.signer_iin[-2:]}",
            referral_id=referral.id,
            kindergarten_id=referral.kindergarten_id,
        )

    @staticmethod
    async def _facts(uow: UnitOfWork, referral: ReferralRow) -> _Facts:
        kindergarten = await uow.kindergartens.get(referral.kindergarten_id)
        application = await uow.applications.get(referral.application_id)
        place = await uow.places.get(referral.place_id)
        assert kindergarten is not None and application is not None
        child = await uow.children.get(application.child_iin)
        child_name = (
            " ".join(p for p in (child.surname, child.name, child.patronymic) if p) if child else ""
        )
        return _Facts(
            referral=referral,
            kindergarten=(
                kindergarten.name_kk,
                kindergarten.name_ru,
                kindergarten.address_kk,
                kindergarten.address_ru,
            ),
            group_year=application.group_year,
            language=place.language.value,
            child_name=child_name,
            child_iin=application.child_iin,
        )

    def _render(self, facts: _Facts, link: str) -> bytes:
        # Imported here: the PDF libraries cost memory that only a referral's download needs.
        from fpdf import FPDF

        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.add_font("DejaVu", style="B", fname=str(FONT_BOLD))
        pdf.add_page()
        for index, locale in enumerate(("kk", "ru")):
            if index:
                pdf.ln(4)
                pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
                pdf.ln(4)
            self._section(pdf, facts, locale, link)
        qr = io.BytesIO()
        import segno

        segno.make(link, error="m").save(qr, kind="png", scale=4, border=2)
        qr.seek(0)
        pdf.image(qr, x=pdf.w - pdf.r_margin - 40, y=pdf.get_y() + 4, w=40)
        return bytes(pdf.output())

    def _section(self, pdf: FPDF, facts: _Facts, locale: str, link: str) -> None:
        t = self._t.translate
        referral = facts.referral
        k = 0 if locale == "kk" else 1
        pdf.set_font("DejaVu", "B", 14)
        pdf.multi_cell(0, 8, t(locale, TITLE), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        rows = [
            ("number", referral.number),
            ("kindergarten", facts.kindergarten[k]),
            ("address", facts.kindergarten[2 + k]),
            ("group", str(facts.group_year)),
            ("language", t(locale, LANGUAGE_NAMES[facts.language])),
            ("child", facts.child_name or "—"),
            ("child_iin", facts.child_iin),
            ("issued", _format(referral.issued_at)),
            ("arrive_by", _format(referral.lapses_at)),
            ("revocable", _format(referral.revocable_until)),
            ("signed_by", f"{referral.signer_name}, {referral.signer_iin}"),
            ("signed_at", _format(referral.requested_at)),
            ("status", t(locale, STATUS_NAMES[referral.status])),
        ]
        for key, value in rows:
            pdf.set_font("DejaVu", "B", 10)
            pdf.cell(70, 6, t(locale, LABELS[key]) + ":")
            pdf.set_font("DejaVu", "", 10)
            pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        if (
            referral.documents_status is not DocumentsStatus.NOT_REQUIRED
            and referral.documents_due_at
        ):
            pdf.ln(2)
            pdf.multi_cell(
                0,
                5,
                t(
                    locale,
                    DOCUMENTS_NOTE,
                    date=to_almaty(referral.documents_due_at).strftime("%d.%m.%Y"),
                ),
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.ln(2)
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(120, 4, t(locale, VERIFY_NOTE, link=link), new_x="LMARGIN", new_y="NEXT")
