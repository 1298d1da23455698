"""R3: the journal of applications and an application's card: the chat's most frequent screens,
so this router is asked first (each router asked before costs ~25 µs an update). The step that
attaches an application by its number is `handlers.attach`, among the steps."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import AppAction, AppCb, MenuCb
from handlers.cards import card_keyboard, card_text, journal_keyboard, journal_text
from handlers.errors import describe
from handlers.keyfiles import cancel_keyboard
from handlers.menu import JOURNAL, MenuButton
from handlers.session import answered_parent, require_account
from handlers.states import Attach
from services.accounts import Account
from services.errors import DomainError
from services.journal import JournalService

router = Router(name=__name__)
# The menu buttons answered here; settings answers its own ("language", "logout").
JOURNAL_ITEMS = frozenset({"journal", "attach", "cancel"})


@router.message(MenuButton(JOURNAL))
async def journal(
    message: Message, state: FSMContext, account: Account | None, journal: JournalService
) -> None:
    await state.clear()
    parent = await require_account(message, account)
    if parent is None:
        return
    summaries = await journal.applications(parent.iin)
    await message.answer(journal_text(summaries), reply_markup=journal_keyboard(summaries))


@router.callback_query(MenuCb.filter(F.item.in_(JOURNAL_ITEMS)))
async def menu_callback(
    callback: CallbackQuery,
    callback_data: MenuCb,
    state: FSMContext,
    account: Account | None,
    journal: JournalService,
) -> None:
    await callback.answer()
    if callback.message is None:
        return
    if callback_data.item == "cancel":
        await state.clear()
        await callback.message.answer(_("Cancelled."))
        return
    parent = await require_account(callback.message, account)
    if parent is None:
        return
    if callback_data.item == "journal":
        summaries = await journal.applications(parent.iin)
        await callback.message.answer(
            journal_text(summaries), reply_markup=journal_keyboard(summaries)
        )
    elif callback_data.item == "attach":
        await state.set_state(Attach.number)
        await callback.message.answer(
            _("Send the number of the application to attach to your IIN."),
            reply_markup=cancel_keyboard(),
        )


@router.callback_query(AppCb.filter(F.action == AppAction.OPEN))
async def open_card(
    callback: CallbackQuery,
    callback_data: AppCb,
    account: Account | None,
    journal: JournalService,
    i18n: I18n,
) -> None:
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    try:
        card = await journal.card(parent.iin, callback_data.id)
    except DomainError as error:
        await message.answer(describe(error))
        return
    await message.answer(card_text(card, i18n), reply_markup=card_keyboard(card))
