"""Receiving an EDS key file and its password in the chat. The file stays on Telegram's servers
(the conversation keeps only its file_id) and is read into memory for the one check that needs
it; the password message is deleted before anything else happens."""

from __future__ import annotations

import io
from contextlib import suppress

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.keyboards.common import cancel_step
from services.eds.errors import KeyFileTooLarge
from services.eds.pkcs12 import MAX_KEY_FILE_BYTES


async def take_key_file(message: Message, state: FSMContext, password_step: State) -> None:
    """A key file arrived (login or signing): refused by its declared size before any download
    (a 100 MB file is never fetched), or kept by its file_id only; the password is asked next."""
    assert message.document is not None
    if (message.document.file_size or 0) > MAX_KEY_FILE_BYTES:
        raise KeyFileTooLarge(MAX_KEY_FILE_BYTES)
    await state.update_data(key_file_id=message.document.file_id)
    await state.set_state(password_step)
    await message.answer(
        _(
            "Now send the key's password. We delete the message with the password at once and keep "
            "neither the key nor the password."
        ),
        reply_markup=cancel_step(),
    )


async def ask_for_key_file(message: Message) -> None:
    await message.answer(_("Please send the key file as a document (📎 → File), or /cancel."))


async def ask_for_password(message: Message) -> None:
    await message.answer(_("Send the password as a text message, or /cancel."))


async def read_key(bot: Bot, state: FSMContext) -> bytes:
    """The key file the conversation points at, into memory for one call."""
    buffer = io.BytesIO()
    await bot.download(str((await state.get_data())["key_file_id"]), destination=buffer)
    return buffer.getvalue()


async def delete_password(message: Message) -> None:
    """At once, before the password is used; a failure to delete must not stop the login."""
    with suppress(TelegramAPIError):
        await message.delete()
