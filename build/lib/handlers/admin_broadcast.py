"""A district administrator's message to the parents of their districts: written, previewed,
confirmed, then sent through the outbox at Telegram's pace."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import BroadcastCb
from handlers.filters import HasText
from handlers.inline import show
from handlers.keyboards.staff import send_or_cancel
from handlers.staff_filters import Need, StaffOnly
from handlers.states import Broadcast
from handlers.steps import use_the_buttons
from services.staff.broadcasts import BroadcastDesk
from services.staff.roles import Staffer


def router() -> Router:
    router = Router(name=__name__)
    admin = StaffOnly(Need.ADMIN)
    router.message.register(begin, Command("broadcast"), admin)
    router.message.register(text, Broadcast.text, HasText(), admin)
    router.message.register(text_expected, Broadcast.text)
    router.callback_query.register(send, Broadcast.confirm, BroadcastCb.filter(F.send), admin)
    router.callback_query.register(cancel, Broadcast.confirm, BroadcastCb.filter(~F.send), admin)
    router.message.register(use_the_buttons, Broadcast.confirm)
    return router


async def begin(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(Broadcast.text)
    await message.answer(
        _(
            "Write the message for the parents of your districts (both languages in one message "
            "if you like), or /cancel."
        )
    )


async def text(
    message: Message, state: FSMContext, staffer: Staffer, broadcasts: BroadcastDesk
) -> None:
    assert message.text is not None
    preview = await broadcasts.preview(staffer, message.text)
    await state.update_data(text=preview.text)
    await state.set_state(Broadcast.confirm)
    heading = _("Preview. {count} parent(s) will get this message:").format(
        count=preview.recipients
    )
    await message.answer(f"{heading}\n\n{preview.text}", reply_markup=send_or_cancel())


async def text_expected(message: Message) -> None:
    await message.answer(_("Write the message as text, or /cancel."))


async def send(
    callback: CallbackQuery, state: FSMContext, staffer: Staffer, broadcasts: BroadcastDesk
) -> None:
    data = await state.get_data()
    await state.clear()  # before the write: a second tap finds nothing to confirm
    count = await broadcasts.send(staffer, str(data.get("text", "")))
    await show(
        callback,
        _("Queued for {count} parent(s); it goes out at Telegram's pace.").format(count=count),
    )


async def cancel(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await show(callback, _("Cancelled: nothing was sent."))
