"""R10–R15 after signing: the issued referral, revocation, extension."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.callbacks import AppAction, AppCb, ExtendCb, ExtendConfirmCb, MenuCb, MenuItem, PdfCb
from handlers.keyboards.common import confirm_or_cancel

EXTENSION_CHOICES = (7, 14, 21, 30)  # R14: up to 30 calendar days; any other number is typed


def issued_keyboard(referral_id: int, application_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Download the referral (PDF)"), callback_data=PdfCb(referral=referral_id))
    builder.button(
        text=_("Open the application"),
        callback_data=AppCb(action=AppAction.OPEN, id=application_id),
    )
    builder.adjust(1)
    return builder.as_markup()


def revoke_keyboard(application_id: int) -> InlineKeyboardMarkup:
    return confirm_or_cancel(
        AppCb(action=AppAction.REVOKE_CONFIRMED, id=application_id),
        AppCb(action=AppAction.OPEN, id=application_id),
    )


def extension_days_keyboard(application_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for days in EXTENSION_CHOICES:
        builder.button(text=str(days), callback_data=ExtendCb(app=application_id, days=days))
    builder.button(text=_("Cancel"), callback_data=MenuCb(item=MenuItem.CANCEL))
    builder.adjust(len(EXTENSION_CHOICES), 1)
    return builder.as_markup()


def extend_keyboard(application_id: int, days: int) -> InlineKeyboardMarkup:
    return confirm_or_cancel(
        ExtendConfirmCb(app=application_id, days=days),
        AppCb(action=AppAction.OPEN, id=application_id),
    )
