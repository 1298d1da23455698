"""The messages the bot's chats show, as the Bot API stand-in keeps them: what an edit compares
with ("message is not modified"), what a deletion finds (or not), and what the playground's page
draws: each chat's messages in order, its reply keyboard, the last alert of a pressed button.
`version` grows with every change, so that the page asks only for what is new."""

from __future__ import annotations

import itertools
import time
from typing import Any

from bot.playground.telegram_rules import NOT_FOUND_TO_DELETE, NOT_MODIFIED, Refused

BOT = {"id": 4242, "is_bot": True, "first_name": "Балабақша", "username": "kindergarten_e2e_bot"}


class Messages:
    def __init__(self) -> None:
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._ids = itertools.count(100_000)
        self.keyboards: dict[int, dict[str, Any]] = {}  # a chat's reply keyboard, while shown
        self.alerts: dict[int, dict[str, Any]] = {}  # a chat's last answerCallbackQuery text
        self.version = 0

    def of_chat(self, chat_id: int) -> list[dict[str, Any]]:
        return [message for (chat, _), message in self._messages.items() if chat == chat_id]

    def alert(self, chat_id: int, text: str, show_alert: bool) -> None:
        self.version += 1
        self.alerts[chat_id] = {"version": self.version, "text": text, "show_alert": show_alert}

    def _keyboard(self, chat_id: int, markup: object) -> None:
        if isinstance(markup, dict) and "keyboard" in markup:
            self.keyboards[chat_id] = markup
        elif isinstance(markup, dict) and markup.get("remove_keyboard"):
            self.keyboards.pop(chat_id, None)

    def next_id(self) -> int:
        return next(self._ids)

    def record(self, message: dict[str, Any]) -> None:
        """A person's message, which the bot may delete (a password) or reply to."""
        chat_id = int(message["chat"]["id"])
        self._messages[(chat_id, int(message["message_id"]))] = message
        if self.keyboards.get(chat_id, {}).get("one_time_keyboard"):
            del self.keyboards[chat_id]  # Telegram's app hides it once it is used
        self.version += 1

    def new(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params.get("chat_id") or 0)
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT,
            **content,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self._keyboard(chat_id, markup)
        self._messages[(chat_id, message["message_id"])] = message
        self.version += 1
        return message

    def edit(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id, message_id = int(params.get("chat_id") or 0), int(params.get("message_id") or 0)
        markup = params.get("reply_markup")
        inline = markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
        shown = self._messages.get((chat_id, message_id))
        if shown is None:  # sent before this server started: taken as it is now
            shown = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT,
            }
        edited = {**shown, **content}
        edited.pop("reply_markup", None)
        if inline is not None:
            edited["reply_markup"] = inline
        if edited == shown:
            raise Refused(NOT_MODIFIED)
        self._messages[(chat_id, message_id)] = edited
        self.version += 1
        return edited

    def delete(self, params: dict[str, Any], message_ids: list[Any]) -> bool:
        """deleteMessage refuses a message that is not there; deleteMessages skips those."""
        chat_id = int(params.get("chat_id") or 0)
        wanted = [(chat_id, int(i)) for i in message_ids]
        known = [key for key in wanted if key in self._messages]
        if "message_id" in params and not known:
            raise Refused(NOT_FOUND_TO_DELETE)
        for key in known:
            del self._messages[key]
        self.version += 1
        return True
