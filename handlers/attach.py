"""R3 merge: the step that attaches an application by its number to the parent's journal."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.cards import card_keyboard, card_text
from handlers.errors import describe
from handlers.filters import HasText
from handlers.session import require_account
from handlers.states import Attach
from services.accounts import Account
from services.errors import DomainError
from services.journal import JournalService

router = Router(name=__name__)


@router.message(Attach.number, HasText())
async def attach(
    message: Message,
    state: FSMContext,
    account: Account | None,
    journal: JournalService,
    i18n: I18n,
) -> None:
    parent = await require_account(message, account)
    if parent is None:
        return
    assert message.text is not None
    try:
        summary = await journal.attach(parent.iin, message.text)
    except DomainError as error:
        await message.answer(describe(error))
        return
    await state.clear()
    card = await journal.card(parent.iin, summary.id)
    await message.answer(_("The application is now in your journal."))
    await message.answer(card_text(card, i18n), reply_markup=card_keyboard(card))


@router.message(Attach.number)
async def attach_expected(message: Message) -> None:
    await message.answer(_("Send the application number as text, or /cancel."))
