"""Last: a sensible answer to anything no other handler took (a sticker, a photo, stray text,
an old button)."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from handlers.menu import main_menu
from services.accounts import Account


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(anything)
    router.callback_query.register(old_button)
    return router


async def anything(message: Message, account: Account | None) -> None:
    await message.answer(
        _("I did not understand that. Please use the menu buttons below, or /help."),
        reply_markup=main_menu(account is not None),
    )


async def old_button(callback: CallbackQuery, callback_answer: CallbackAnswer) -> None:
    callback_answer.text = _("This button is no longer active.")
