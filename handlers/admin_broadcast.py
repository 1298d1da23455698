"""A district administrator's message to the parents of their districts: written, previewed,
confirmed, then sent through the outbox at Telegram's pace."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import BroadcastCb
from handlers.filters import HasText
from handlers.inline import show
from handlers.staff_filters import Need, StaffOnly
from handlers.states import Broadcast
from services.staff.broadcasts import BroadcastDesk
from services.staff.roles import Staffer

router = Router(name=__name__)


@router.message(Command("broadcast"), StaffOnly(Need.ADMIN))
async def begin(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(Broadcast.text)
    await message.answer(
        _(
            "Write the message for the parents of your districts (both languages in one message "
            "if you like), or /cancel."
        )
    )


@router.message(Broadcast.text, HasText(), StaffOnly(Need.ADMIN))
async def text(
    message: Message, state: FSMContext, staffer: Staffer, broadcasts: BroadcastDesk
) -> None:
    assert message.text is not None
    preview = await broadcasts.preview(staffer, message.text)
    await state.update_data(text=preview.text)
    await state.set_state(Broadcast.confirm)
    await message.answer(
        "\n\n".join(
            [
                _("Preview. {count} parent(s) will get this message:").format(
                    count=preview.recipients
                ),
                preview.text,
            ]
        ),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=_("Send"), callback_data=BroadcastCb(send=True).pack()
                    ),
                    InlineKeyboardButton(
                        text=_("Cancel"), callback_data=BroadcastCb(send=False).pack()
                    ),
                ]
            ]
        ),
    )


@router.message(Broadcast.text)
async def text_expected(message: Message) -> None:
    await message.answer(_("Write the message as text, or /cancel."))


@router.callback_query(Broadcast.confirm, BroadcastCb.filter(F.send), StaffOnly(Need.ADMIN))
async def send(
    callback: CallbackQuery, state: FSMContext, staffer: Staffer, broadcasts: BroadcastDesk
) -> None:
    data = await state.get_data()
    await state.clear()  # before the write: a second tap finds nothing to confirm
    count = await broadcasts.send(staffer, str(data.get("text", "")))
    await callback.answer()
    await show(
        callback,
        _("Queued for {count} parent(s); it goes out at Telegram's pace.").format(count=count),
    )


@router.callback_query(Broadcast.confirm, BroadcastCb.filter(~F.send), StaffOnly(Need.ADMIN))
async def cancel(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await callback.answer()
    await show(callback, _("Cancelled: nothing was sent."))
