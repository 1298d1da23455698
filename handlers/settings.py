"""Settings: the language, the contact details, logging out."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import MenuCb
from handlers.menu import SETTINGS, MenuButton, main_menu
from handlers.start import languages
from services.accounts import Account, AccountService

router = Router(name=__name__)


@router.message(MenuButton(SETTINGS))
async def settings(message: Message, state: FSMContext, account: Account | None) -> None:
    await state.clear()
    rows = [
        [InlineKeyboardButton(text=_("Language"), callback_data=MenuCb(item="language").pack())]
    ]
    if account is None:
        text = _("You are not logged in.")
    else:
        text = _("Logged in as {name}.\nE-mail: {email}\nPhone: {phone}").format(
            name=account.full_name, email=account.email or "—", phone=account.phone or "—"
        )
        rows.append(
            [InlineKeyboardButton(text=_("Log out"), callback_data=MenuCb(item="logout").pack())]
        )
    await message.answer(text, reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(MenuCb.filter(F.item == "language"))
async def language(callback: CallbackQuery) -> None:
    await callback.answer()
    if callback.message is not None:
        await callback.message.answer(_("Please choose the language."), reply_markup=languages())


@router.callback_query(MenuCb.filter(F.item == "logout"))
async def log_out(callback: CallbackQuery, state: FSMContext, accounts: AccountService) -> None:
    await state.clear()
    await accounts.log_out(callback.from_user.id)
    await callback.answer()
    if callback.message is not None:
        await callback.message.answer(_("You are logged out."), reply_markup=main_menu(False))
