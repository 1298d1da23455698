"""R11: the referral as a PDF that looks like an official document, in Kazakh and Russian.

The page: the issuing education department; each language's part as a two-column table whose
labels wrap inside their column; plain text left-aligned; a framed card of the EDS signature
(signer, certificate serial and validity, signing time) as NCA's own document cards show it;
the verification line with its QR code beside it. fpdf2 and segno are imported here only, on
the first download: they cost memory the other processes need not pay."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from domain.dto import ReferralRow
from domain.enums import DocumentsStatus, ReferralStatus
from services.clock import to_almaty
from services.eds.cms import SignerCard
from services.texts import N_, Translator

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
LOCALES = ("kk", "ru")
LABEL_WIDTH = 62  # mm: the labels' column; they wrap inside it
CARD_LABEL_WIDTH = 84  # mm: the signature card's labels, both languages side by side
QR_SIZE = 30  # mm
LINE = 4.3  # mm

DEPARTMENT = N_("Education department: {district}")
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
    "status": N_("Status"),
}
SIGNATURE_TITLE = N_("Signed with EDS")
SIGNATURE_LABELS = {
    "signer": N_("Signer"),
    "certificate": N_("Certificate serial number"),
    "validity": N_("Certificate valid"),
    "signed_at": N_("Signing time"),
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


@dataclass(frozen=True, slots=True)
class ReferralFacts:
    """Everything the document shows, in both languages where the data has both."""

    referral: ReferralRow
    kindergarten: tuple[str, str]  # kk, ru
    address: tuple[str, str]
    district: tuple[str, str]
    group_year: int
    language: str
    child_name: str
    child_iin: str
    signature: SignerCard | None


def moment(value: datetime) -> str:
    return to_almaty(value).strftime("%d.%m.%Y %H:%M")


def render(facts: ReferralFacts, link: str, translator: Translator) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_font("DejaVu", style="B", fname=str(FONT_BOLD))
    pdf.add_page()
    _header(pdf, facts, translator)
    for locale in LOCALES:
        _section(pdf, facts, locale, translator)
    _signature_card(pdf, facts, translator)
    _verification(pdf, link, translator)
    return bytes(pdf.output())


def _header(pdf: FPDF, facts: ReferralFacts, t: Translator) -> None:
    pdf.set_font("DejaVu", "B", 9)
    for index, locale in enumerate(LOCALES):
        line = t.translate(locale, DEPARTMENT, district=facts.district[index])
        pdf.multi_cell(0, 4.5, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.set_line_width(0.4)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)


def _rows(facts: ReferralFacts, locale: str, t: Translator) -> list[tuple[str, str]]:
    referral = facts.referral
    k = LOCALES.index(locale)
    return [
        ("number", referral.number),
        ("kindergarten", facts.kindergarten[k]),
        ("address", facts.address[k]),
        ("group", str(facts.group_year)),
        ("language", t.translate(locale, LANGUAGE_NAMES[facts.language])),
        ("child", facts.child_name or "—"),
        ("child_iin", facts.child_iin),
        ("issued", moment(referral.issued_at)),
        ("arrive_by", moment(referral.lapses_at)),
        ("revocable", moment(referral.revocable_until)),
        ("status", t.translate(locale, STATUS_NAMES[referral.status])),
    ]


def _table(pdf: FPDF, rows: list[tuple[str, str]], label_width: float = LABEL_WIDTH) -> None:
    """Label and value side by side; a long label wraps inside its own column."""
    from fpdf.fonts import FontFace

    width = pdf.w - pdf.l_margin - pdf.r_margin
    with pdf.table(
        col_widths=(label_width, width - label_width),
        width=width,
        align="LEFT",
        text_align="LEFT",
        borders_layout="NONE",
        first_row_as_headings=False,
        line_height=LINE,
        padding=(0.5, 1.5, 0.5, 0),
        v_align="TOP",
    ) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label, style=FontFace(emphasis="BOLD"))
            row.cell(value)


def _section(pdf: FPDF, facts: ReferralFacts, locale: str, t: Translator) -> None:
    pdf.set_font("DejaVu", "B", 12.5)
    pdf.multi_cell(0, 6.5, t.translate(locale, TITLE), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(0.5)
    pdf.set_font("DejaVu", "", 9.5)
    labelled = [(t.translate(locale, LABELS[key]), value) for key, value in _rows(facts, locale, t)]
    _table(pdf, labelled)
    referral = facts.referral
    if referral.documents_status is not DocumentsStatus.NOT_REQUIRED and referral.documents_due_at:
        pdf.ln(1)
        day = to_almaty(referral.documents_due_at).strftime("%d.%m.%Y")
        note = t.translate(locale, DOCUMENTS_NOTE, date=day)
        pdf.multi_cell(0, LINE, note, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2.5)


def _signature_card(pdf: FPDF, facts: ReferralFacts, t: Translator) -> None:
    """One bilingual card, framed: each label as «kk / ru»."""
    referral, card = facts.referral, facts.signature

    def both(message: str) -> str:
        return " / ".join(t.translate(locale, message) for locale in LOCALES)

    values = {
        "signer": f"{referral.signer_name}, {referral.signer_iin}",
        "certificate": card.serial if card else "—",
        "validity": f"{moment(card.valid_from)} – {moment(card.valid_until)}" if card else "—",
        "signed_at": moment(card.signed_at if card and card.signed_at else referral.requested_at),
    }
    top = pdf.get_y()
    pdf.set_x(pdf.l_margin + 2)
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.multi_cell(0, 5.5, both(SIGNATURE_TITLE), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_left_margin(pdf.l_margin + 2)
    labels = [(both(SIGNATURE_LABELS[key]), value) for key, value in values.items()]
    _table(pdf, labels, CARD_LABEL_WIDTH)
    pdf.set_left_margin(pdf.l_margin - 2)
    bottom = pdf.get_y() + 1.5
    pdf.set_line_width(0.3)
    pdf.rect(pdf.l_margin, top, pdf.w - pdf.l_margin - pdf.r_margin, bottom - top)
    pdf.set_y(bottom + 3)


def _verification(pdf: FPDF, link: str, t: Translator) -> None:
    """The verification line on the left, its QR code beside it on the right."""
    import segno

    qr = io.BytesIO()
    segno.make(link, error="m").save(qr, kind="png", scale=4, border=1)
    qr.seek(0)
    if pdf.get_y() + QR_SIZE > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y()
    text_width = pdf.w - pdf.l_margin - pdf.r_margin - QR_SIZE - 6
    pdf.set_font("DejaVu", "", 8.5)
    for locale in LOCALES:
        pdf.multi_cell(
            text_width,
            4.2,
            t.translate(locale, VERIFY_NOTE, link=link),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(1)
    pdf.image(qr, x=pdf.w - pdf.r_margin - QR_SIZE, y=top, w=QR_SIZE)
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE))
