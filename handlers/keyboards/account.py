"""The chat's language, settings, logging in (R1, R2) and confirming a signature (R10)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder

from domain.enums import Language
from handlers.callbacks import ConfirmCb, LanguageCb, MenuCb, MenuItem, Step
from handlers.keyboards.common import confirm_or_cancel
from handlers.menu import LOG_IN
from services.texts import N_

FREE_PLACE_ALERTS = N_("Tell me about free places")

# The names of the languages are the same in every language (GLOSSARY): «Қазақша», «Русский».
LANGUAGE_NAMES = {Language.KK: "Қазақша", Language.RU: "Русский"}
SHARE_PHONE = N_("Share my phone number")


def languages() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, name in LANGUAGE_NAMES.items():
        builder.button(text=name, callback_data=LanguageCb(code=code))
    return builder.as_markup()


def settings_keyboard(logged_in: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Language"), callback_data=MenuCb(item=MenuItem.LANGUAGE))
    if logged_in:
        builder.button(text=_(FREE_PLACE_ALERTS), callback_data=MenuCb(item=MenuItem.ALERTS))
        builder.button(text=_("Log out"), callback_data=MenuCb(item=MenuItem.LOGOUT))
    builder.adjust(1)
    return builder.as_markup()


def confirm_login() -> InlineKeyboardMarkup:
    """R1: «Кіру / Войти» once the key's owner is shown."""
    return confirm_or_cancel(ConfirmCb(step=Step.LOGIN), ConfirmCb(step=Step.CANCEL), _(LOG_IN))


def confirm_signature() -> InlineKeyboardMarkup:
    """R10: «Қол қою / Подписать» once the key's data and the request are shown."""
    return confirm_or_cancel(ConfirmCb(step=Step.SIGN), ConfirmCb(step=Step.CANCEL), _("Sign"))


def share_phone() -> ReplyKeyboardMarkup:
    """R2: the parent's own number, from Telegram's contact button."""
    builder = ReplyKeyboardBuilder()
    builder.button(text=_(SHARE_PHONE), request_contact=True)
    return builder.as_markup(resize_keyboard=True, one_time_keyboard=True)
