"""Receiving an EDS key file and its password in the chat. The file stays on Telegram's servers
(the conversation keeps only its file_id) and is read into memory for the one check that needs
it; the password message is deleted before anything else happens."""

from __future__ import annotations

import io
import logging
from contextlib import suppress

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Document, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import MenuCb
from services.eds.pkcs12 import MAX_KEY_FILE_BYTES

log = logging.getLogger(__name__)


def cancel_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=_("Cancel"), callback_data=MenuCb(item="cancel").pack())]
        ]
    )


def key_file_refusal(document: Document) -> str | None:
    """Refused by its declared size before any download (a 100 MB file is never fetched)."""
    if document.file_size is not None and document.file_size > MAX_KEY_FILE_BYTES:
        return _("This file is too large for an EDS key (more than 64 KB).")
    return None


async def take_key_file(message: Message, state: FSMContext, password_step: State) -> None:
    """A key file arrived (login or signing): refused by its size, or kept by its file_id only;
    the password is asked next."""
    assert message.document is not None
    refusal = key_file_refusal(message.document)
    if refusal is not None:
        await message.answer(refusal)
        return
    await state.update_data(key_file_id=message.document.file_id)
    await state.set_state(password_step)
    await message.answer(
        _(
            "Now send the key's password. We delete the message with the password at once and keep "
            "neither the key nor the password."
        ),
        reply_markup=cancel_keyboard(),
    )


async def ask_for_key_file(message: Message) -> None:
    await message.answer(_("Please send the key file as a document (📎 → File), or /cancel."))


async def read_key(bot: Bot, file_id: str) -> bytes:
    buffer = io.BytesIO()
    await bot.download(file_id, destination=buffer)
    return buffer.getvalue()


async def delete_password(message: Message) -> None:
    """At once, before the password is used; a failure to delete must not stop the login."""
    with suppress(TelegramAPIError):
        await message.delete()
