"""eGov Mobile's signing message: the link, the key-file fallback, cancel; a new link once it
has ended."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from domain.signing import SigningPurpose
from handlers.callbacks import EgovAction, EgovCb
from services.texts import N_

OPEN_LINK = {
    SigningPurpose.LOGIN: N_("Log in with eGov Mobile"),
    SigningPurpose.REFERRAL: N_("Sign in eGov Mobile"),
}
WITH_KEY_FILE = N_("With a key file")
NEW_LINK = N_("New link")


def offer_keyboard(
    purpose: SigningPurpose, request_id: str, url: str, key_files: bool
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_(OPEN_LINK[purpose]), url=url)
    if key_files:
        builder.button(
            text=_(WITH_KEY_FILE),
            callback_data=EgovCb(action=EgovAction.KEY_FILE, request=request_id),
        )
    builder.button(
        text=_("Cancel"), callback_data=EgovCb(action=EgovAction.CANCEL, request=request_id)
    )
    builder.adjust(1)
    return builder.as_markup()


def renew_keyboard(request_id: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_(NEW_LINK), callback_data=EgovCb(action=EgovAction.RENEW, request=request_id)
    )
    return builder.as_markup()
