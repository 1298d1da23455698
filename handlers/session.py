from __future__ import annotations

from aiogram.types import InaccessibleMessage, Message
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
