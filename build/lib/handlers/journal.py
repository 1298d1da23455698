"""R3: the journal of applications and an application's card: the chat's most frequent screens,
so this router is asked first (each router asked before costs ~25 µs an update). The step that
attaches an application by its number is `handlers.attach`, among the steps."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import AppAction, AppCb, MenuCb, MenuItem
from handlers.cards import card_text, journal_text
from handlers.keyboards.common import cancel_step
from handlers.keyboards.journal import card_keyboard, journal_keyboard
from handlers.menu import JOURNAL, MenuButton
from handlers.session import LoggedIn
from handlers.states import Attach
from services.accounts import Account
from services.journal import JournalService


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(open_card, AppCb.filter(F.action == AppAction.OPEN), LoggedIn())
    router.message.register(journal, MenuButton(JOURNAL), LoggedIn())
    router.callback_query.register(
        journal_button, MenuCb.filter(F.item == MenuItem.JOURNAL), LoggedIn()
    )
    router.callback_query.register(
        attach_asked, MenuCb.filter(F.item == MenuItem.ATTACH), LoggedIn()
    )
    router.callback_query.register(cancel, MenuCb.filter(F.item == MenuItem.CANCEL))
    return router


async def journal(
    message: Message, state: FSMContext, parent: Account, journal: JournalService
) -> None:
    await state.clear()
    summaries = await journal.applications(parent.iin)
    await message.answer(journal_text(summaries), reply_markup=journal_keyboard(summaries))


async def journal_button(callback: CallbackQuery, parent: Account, journal: JournalService) -> None:
    summaries = await journal.applications(parent.iin)
    if callback.message is not None:
        await callback.message.answer(
            journal_text(summaries), reply_markup=journal_keyboard(summaries)
        )


async def attach_asked(callback: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(Attach.number)
    if callback.message is not None:
        await callback.message.answer(
            _("Send the number of the application to attach to your IIN."),
            reply_markup=cancel_step(),
        )


async def cancel(callback: CallbackQuery, state: FSMContext) -> None:
    """«Болдырмау / Отмена» under any step: the same as /cancel."""
    await state.clear()
    if callback.message is not None:
        await callback.message.answer(_("Cancelled."))


async def open_card(
    callback: CallbackQuery,
    callback_data: AppCb,
    parent: Account,
    journal: JournalService,
    i18n: I18n,
) -> None:
    card = await journal.card(parent.iin, callback_data.id)
    if callback.message is not None:
        await callback.message.answer(card_text(card, i18n), reply_markup=card_keyboard(card))
