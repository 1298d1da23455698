"""Keyboards every feature uses: one button, confirm or cancel."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.callbacks import MenuCb, MenuItem


def one_button(text: str, data: CallbackData) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=text, callback_data=data)
    return builder.as_markup()


def confirm_or_cancel(
    confirm: CallbackData, cancel: CallbackData, confirm_text: str | None = None
) -> InlineKeyboardMarkup:
    """The step's yes («Растау / Подтвердить», or what it is called) over «Болдырмау / Отмена»."""
    builder = InlineKeyboardBuilder()
    builder.button(text=confirm_text or _("Confirm"), callback_data=confirm)
    builder.button(text=_("Cancel"), callback_data=cancel)
    builder.adjust(1)
    return builder.as_markup()


def add_cancel(builder: InlineKeyboardBuilder) -> None:
    """«Болдырмау / Отмена»: leaves the conversation's current step, as /cancel does."""
    builder.button(text=_("Cancel"), callback_data=MenuCb(item=MenuItem.CANCEL))


def cancel_step() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    add_cancel(builder)
    return builder.as_markup()
