"""A Bot API stand-in for flow tests: it records every request the bot makes and answers with a
plausible result, and it serves the files "uploaded" by the test."""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    SendVenue,
    TelegramMethod,
)
from aiogram.types import (
    Chat,
    Document,
    File,
    InlineKeyboardMarkup,
    Location,
    Message,
    PhotoSize,
    User,
    Venue,
)

BOT_USER = User(id=42, is_bot=True, first_name="Балабақша", username="kindergarten_test_bot")


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.files: dict[str, bytes] = {}
        self.downloads: list[str] = []
        # Telegram's refusals to answer the next edits with, e.g. "message can't be edited".
        self.edit_refusals: list[str] = []
        # Failures to raise at the next sendMessage calls (a handler that breaks mid-way).
        self.send_failures: list[Exception] = []
        self._ids = itertools.count(5000)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        if isinstance(method, SendMessage) and self.send_failures:
            raise self.send_failures.pop(0)
        self.requests.append(method)
        if isinstance(method, EditMessageText) and self.edit_refusals:
            raise TelegramBadRequest(method, f"Bad Request: {self.edit_refusals.pop(0)}")
        return self._result(method)

    def _message(self, chat_id: int | str, **fields: Any) -> Message:
        return Message(
            message_id=next(self._ids),
            date=datetime.now(UTC),
            chat=Chat(id=int(chat_id), type="private"),
            from_user=BOT_USER,
            **fields,
        )

    def _result(self, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, SendMessage | EditMessageText):
            markup = (
                method.reply_markup
                if isinstance(method.reply_markup, InlineKeyboardMarkup)
                else None
            )
            return self._message(method.chat_id or 0, text=method.text, reply_markup=markup)
        if isinstance(method, EditMessageReplyMarkup):
            return self._message(method.chat_id or 0, text="…", reply_markup=method.reply_markup)
        if isinstance(method, SendDocument):
            return self._message(
                method.chat_id,
                document=Document(
                    file_id=f"sent-{next(self._ids)}", file_unique_id="u", file_name="x.pdf"
                ),
            )
        if isinstance(method, SendPhoto):
            photo = PhotoSize(file_id=f"p-{next(self._ids)}", file_unique_id="p", width=9, height=9)
            return self._message(method.chat_id, photo=[photo], caption=method.caption)
        if isinstance(method, SendVenue):
            where = Location(latitude=method.latitude, longitude=method.longitude)
            venue = Venue(location=where, title=method.title, address=method.address)
            return self._message(method.chat_id, venue=venue, location=where)
        if isinstance(method, EditMessageCaption):
            return self._message(method.chat_id or 0, caption=method.caption)
        if isinstance(method, GetFile):
            data = self.files[method.file_id]
            return File(
                file_id=method.file_id,
                file_unique_id=method.file_id,
                file_size=len(data),
                file_path=method.file_id,
            )
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, AnswerCallbackQuery):
            return True
        return True

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        file_id = url.rsplit("/", 1)[-1]
        self.downloads.append(file_id)
        yield self.files[file_id]

    async def close(self) -> None:
        return None
