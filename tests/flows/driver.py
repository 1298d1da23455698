"""Drives the real dispatcher with updates as Telegram would send them, and reads what the bot
sent back: the texts and the buttons a parent sees."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    EditMessageCaption,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
    SendVenue,
    TelegramMethod,
)
from aiogram.types import (
    CallbackQuery,
    Chat,
    ChatMemberBanned,
    ChatMemberMember,
    ChatMemberUpdated,
    Contact,
    Document,
    InlineKeyboardMarkup,
    Location,
    Message,
    PhotoSize,
    ReplyKeyboardMarkup,
    Sticker,
    Update,
    User,
)

from tests.fakes.telegram import BOT_USER, RecordingSession

_ids = itertools.count(1)


@dataclass
class Reply:
    """What the bot did in answer to one update."""

    requests: list[TelegramMethod[Any]]

    @property
    def texts(self) -> list[str]:
        return [r.text or "" for r in self.requests if isinstance(r, SendMessage | EditMessageText)]

    @property
    def photos(self) -> list[SendPhoto]:
        return [r for r in self.requests if isinstance(r, SendPhoto)]

    @property
    def captions(self) -> list[str]:
        """The captions sent with photos and the captions edited."""
        return [
            r.caption or "" for r in self.requests if isinstance(r, SendPhoto | EditMessageCaption)
        ]

    @property
    def urls(self) -> list[tuple[str, str]]:
        """(text, url) of every URL button."""
        found: list[tuple[str, str]] = []
        for request in self.requests:
            markup = getattr(request, "reply_markup", None)
            if isinstance(markup, InlineKeyboardMarkup):
                found += [(b.text, b.url) for row in markup.inline_keyboard for b in row if b.url]
        return found

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def alerts(self) -> list[str]:
        return [
            r.text or "" for r in self.requests if isinstance(r, AnswerCallbackQuery) and r.text
        ]

    @property
    def answered_callbacks(self) -> int:
        return sum(isinstance(r, AnswerCallbackQuery) for r in self.requests)

    @property
    def deleted(self) -> list[int]:
        return [r.message_id for r in self.requests if isinstance(r, DeleteMessage)]

    @property
    def venues(self) -> list[SendVenue]:
        return [r for r in self.requests if isinstance(r, SendVenue)]

    @property
    def documents(self) -> list[SendDocument]:
        return [r for r in self.requests if isinstance(r, SendDocument)]

    @property
    def inline_buttons(self) -> list[tuple[str, str]]:
        """(text, callback_data) of every inline button, last message last."""
        buttons: list[tuple[str, str]] = []
        for request in self.requests:
            markup = getattr(request, "reply_markup", None)
            if isinstance(markup, InlineKeyboardMarkup):
                buttons += [
                    (b.text, b.callback_data or "") for row in markup.inline_keyboard for b in row
                ]
        return buttons

    @property
    def menu(self) -> list[str]:
        for request in reversed(self.requests):
            markup = getattr(request, "reply_markup", None)
            if isinstance(markup, ReplyKeyboardMarkup):
                return [b.text for row in markup.keyboard for b in row]
        return []

    def button(self, text: str) -> str:
        """The callback data of the button whose text contains `text`."""
        found = [data for label, data in self.inline_buttons if text in label]
        assert found, f"no button with {text!r}; buttons: {self.inline_buttons}"
        return found[-1]


class ChatDriver:
    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        session: RecordingSession,
        user_id: int,
        first_name: str = "Айгүл",
        language_code: str = "ru",
    ) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.session = session
        self.user = User(
            id=user_id, is_bot=False, first_name=first_name, language_code=language_code
        )
        self.chat = Chat(id=user_id, type="private")

    async def _feed(self, update: Update) -> Reply:
        start = len(self.session.requests)
        await self.dispatcher.feed_update(self.bot, update)
        return Reply(self.session.requests[start:])

    def _message(self, **fields: Any) -> Message:
        return Message(
            message_id=next(_ids),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            **fields,
        )

    async def send(self, text: str) -> Reply:
        return await self._feed(Update(update_id=next(_ids), message=self._message(text=text)))

    async def send_message(self, message: Message) -> Reply:
        return await self._feed(Update(update_id=next(_ids), message=message))

    def message(self, **fields: Any) -> Message:
        return self._message(**fields)

    async def send_document(
        self, data: bytes, file_name: str, *, declared_size: int | None = None
    ) -> Reply:
        file_id = f"file-{next(_ids)}"
        self.session.files[file_id] = data
        document = Document(
            file_id=file_id,
            file_unique_id=file_id,
            file_name=file_name,
            file_size=len(data) if declared_size is None else declared_size,
        )
        return await self._feed(
            Update(update_id=next(_ids), message=self._message(document=document))
        )

    async def send_contact(self, phone: str, user_id: int | None) -> Reply:
        contact = Contact(phone_number=phone, first_name="Айгүл", user_id=user_id)
        return await self._feed(
            Update(update_id=next(_ids), message=self._message(contact=contact))
        )

    async def send_location(self, latitude: float, longitude: float) -> Reply:
        where = Location(latitude=latitude, longitude=longitude)
        return await self._feed(Update(update_id=next(_ids), message=self._message(location=where)))

    async def set_membership(self, *, blocked: bool) -> Reply:
        """Telegram's `my_chat_member` update: the user blocked (or unblocked) the bot."""
        bot_user = User(id=BOT_USER.id, is_bot=True, first_name=BOT_USER.first_name)
        member = ChatMemberMember(user=bot_user)
        banned = ChatMemberBanned(user=bot_user, until_date=datetime(1970, 1, 1, tzinfo=UTC))
        event = ChatMemberUpdated(
            chat=self.chat,
            from_user=self.user,
            date=datetime.now(UTC),
            old_chat_member=member if blocked else banned,
            new_chat_member=banned if blocked else member,
        )
        return await self._feed(Update(update_id=next(_ids), my_chat_member=event))

    async def send_photo(self) -> Reply:
        photo = [PhotoSize(file_id="photo", file_unique_id="photo", width=10, height=10)]
        return await self._feed(Update(update_id=next(_ids), message=self._message(photo=photo)))

    async def send_sticker(self) -> Reply:
        sticker = Sticker(
            file_id="st",
            file_unique_id="st",
            type="regular",
            width=1,
            height=1,
            is_animated=False,
            is_video=False,
        )
        return await self._feed(
            Update(update_id=next(_ids), message=self._message(sticker=sticker))
        )

    async def press(self, data: str) -> Reply:
        message = Message(
            message_id=next(_ids),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=BOT_USER,
            text="…",
        )
        query = CallbackQuery(
            id=str(next(_ids)), from_user=self.user, chat_instance="ci", data=data, message=message
        )
        return await self._feed(Update(update_id=next(_ids), callback_query=query))
