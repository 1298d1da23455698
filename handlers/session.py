from __future__ import annotations

from aiogram.types import CallbackQuery, InaccessibleMessage, Message
from aiogram.utils.i18n import gettext as _

from handlers.menu import main_menu
from services.accounts import Account


async def require_account(
    message: Message | InaccessibleMessage, account: Account | None
) -> Account | None:
    """R1: the journal and everything in it need a logged-in parent; the session may expire."""
    if account is None:
        if isinstance(message, Message):
            await message.answer(
                _("Please log in with your EDS key first: «{button}».").format(button=_("Log in")),
                reply_markup=main_menu(False),
            )
        return None
    return account


async def answered_parent(
    callback: CallbackQuery, account: Account | None
) -> tuple[Message | InaccessibleMessage, Account] | None:
    """A button of the parent's conversation: answered at once (Telegram shows a spinner until
    then); returns where to reply and the logged-in parent, or None when there is nobody to act
    for (the parent was asked to log in)."""
    await callback.answer()
    if callback.message is None:
        return None
    parent = await require_account(callback.message, account)
    return None if parent is None else (callback.message, parent)
