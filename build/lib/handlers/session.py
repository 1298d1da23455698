"""R1: the journal and everything in it need a logged-in parent; a session may expire.

Parent handlers ask for `LoggedIn()`, which hands them `parent` (the logged-in account, from
the identity middleware: never from the update). What is meant for a logged-in parent and finds
nobody logged in ends here, asked to log in, after the parent routers."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import (
    AppCb,
    DistrictsCb,
    ExtendCb,
    ExtendConfirmCb,
    MenuCb,
    MenuItem,
    PdfCb,
    PlaceCb,
    PlacesCb,
    SignCb,
)
from handlers.menu import DOCUMENTS, JOURNAL, LOG_IN, MenuButton, main_menu
from handlers.states import Attach, Extend, Signing
from services.accounts import Account


class LoggedIn(Filter):
    async def __call__(
        self, event: TelegramObject, account: Account | None = None
    ) -> bool | dict[str, Any]:
        return False if account is None else {"parent": account}


def router() -> Router:
    router = Router(name=__name__)
    for buttons in (
        AppCb,
        PlacesCb,
        DistrictsCb,
        PlaceCb,
        SignCb,
        ExtendCb,
        ExtendConfirmCb,
        PdfCb,
    ):
        router.callback_query.register(log_in_first, buttons.filter())
    router.callback_query.register(
        log_in_first, MenuCb.filter(F.item.in_({MenuItem.JOURNAL, MenuItem.ATTACH}))
    )
    router.message.register(log_in_first, MenuButton(JOURNAL))
    router.message.register(log_in_first, MenuButton(DOCUMENTS))
    router.message.register(log_in_first, StateFilter(Signing, Extend, Attach))
    return router


async def log_in_first(event: Message | CallbackQuery, state: FSMContext) -> None:
    await state.clear()  # a step begun before the session ended cannot go on
    message = event.message if isinstance(event, CallbackQuery) else event
    if isinstance(message, Message):
        await message.answer(
            _("Please log in with your EDS key first: «{button}».").format(button=_(LOG_IN)),
            reply_markup=main_menu(False),
        )
