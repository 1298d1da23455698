"""R3 merge: the step that attaches an application by its number to the parent's journal."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.cards import card_text
from handlers.filters import HasText
from handlers.keyboards.journal import card_keyboard
from handlers.session import LoggedIn
from handlers.states import Attach
from services.accounts import Account
from services.journal import JournalService


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(attach, Attach.number, HasText(), LoggedIn())
    router.message.register(attach_expected, Attach.number, LoggedIn())
    return router


async def attach(
    message: Message, state: FSMContext, parent: Account, journal: JournalService, i18n: I18n
) -> None:
    assert message.text is not None
    card = await journal.attach(parent.iin, message.text)
    await state.clear()
    await message.answer(_("The application is now in your journal."))
    await message.answer(card_text(card, i18n), reply_markup=card_keyboard(card))


async def attach_expected(message: Message) -> None:
    await message.answer(_("Send the application number as text, or /cancel."))
