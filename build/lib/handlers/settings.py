"""Settings: the language, the contact details, logging out."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import MenuCb, MenuItem
from handlers.keyboards.account import languages, settings_keyboard
from handlers.menu import SETTINGS, MenuButton, main_menu
from services.accounts import Account, AccountService


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(settings, MenuButton(SETTINGS))
    router.callback_query.register(language, MenuCb.filter(F.item == MenuItem.LANGUAGE))
    router.callback_query.register(log_out, MenuCb.filter(F.item == MenuItem.LOGOUT))
    return router


async def settings(message: Message, state: FSMContext, account: Account | None) -> None:
    await state.clear()
    if account is None:
        text = _("You are not logged in.")
    else:
        text = _("Logged in as {name}.\nE-mail: {email}\nPhone: {phone}").format(
            name=account.full_name, email=account.email or "—", phone=account.phone or "—"
        )
    await message.answer(text, reply_markup=settings_keyboard(account is not None))


async def language(callback: CallbackQuery) -> None:
    if callback.message is not None:
        await callback.message.answer(_("Please choose the language."), reply_markup=languages())


async def log_out(callback: CallbackQuery, state: FSMContext, accounts: AccountService) -> None:
    await state.clear()
    await accounts.log_out(callback.from_user.id)
    if callback.message is not None:
        await callback.message.answer(_("You are logged out."), reply_markup=main_menu(False))
