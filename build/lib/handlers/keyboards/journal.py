"""The journal (R3), an application's card and its documents (R11)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from domain.dto import ReferralRow
from domain.enums import KindergartenKind
from handlers.callbacks import AppAction, AppCb, MenuCb, MenuItem, PdfCb
from handlers.cards import summary_line
from handlers.texts import referral_status_name
from services.cards import ApplicationCard, ApplicationSummary


def journal_keyboard(summaries: list[ApplicationSummary]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for summary in summaries:
        builder.button(
            text=summary_line(summary), callback_data=AppCb(action=AppAction.OPEN, id=summary.id)
        )
    builder.button(
        text=_("Attach an application to the parent's IIN"),
        callback_data=MenuCb(item=MenuItem.ATTACH),
    )
    builder.adjust(1)
    return builder.as_markup()


def card_keyboard(card: ApplicationCard) -> InlineKeyboardMarkup:
    """Only what the rules accept now (the card asked them: services/cards.py)."""
    application = card.summary.id
    builder = InlineKeyboardBuilder()
    if card.choice_open:
        label = (
            _("Choose a sanatorium kindergarten")
            if card.summary.kind is KindergartenKind.SANATORIUM
            else _("Choose a state kindergarten")
        )
        builder.button(text=label, callback_data=AppCb(action=AppAction.CHOOSE, id=application))
    if card.referral is not None:
        builder.button(
            text=_("Common documents"),
            callback_data=AppCb(action=AppAction.DOCUMENTS, id=application),
        )
    if card.can_revoke:
        builder.button(
            text=_("Revoke the referral"),
            callback_data=AppCb(action=AppAction.REVOKE, id=application),
        )
    if card.can_extend:
        builder.button(
            text=_("Extend the referral"),
            callback_data=AppCb(action=AppAction.EXTEND, id=application),
        )
    builder.button(text=_("Back"), callback_data=MenuCb(item=MenuItem.JOURNAL))
    builder.adjust(1)
    return builder.as_markup()


def add_pdf_button(builder: InlineKeyboardBuilder, referral: ReferralRow) -> None:
    builder.button(
        text=_("Referral No. {number} ({status}): PDF").format(
            number=referral.number, status=referral_status_name(referral.status)
        ),
        callback_data=PdfCb(referral=referral.id),
    )


def documents_keyboard(
    referrals: list[ReferralRow], back_to: int | None = None
) -> InlineKeyboardMarkup:
    """R11: a PDF button per referral; `back_to` an application's card."""
    builder = InlineKeyboardBuilder()
    for referral in referrals:
        add_pdf_button(builder, referral)
    if back_to is not None:
        builder.button(text=_("Back"), callback_data=AppCb(action=AppAction.OPEN, id=back_to))
    builder.adjust(1)
    return builder.as_markup()
