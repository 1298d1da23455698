"""The messages the bot's chats show, as the Bot API stand-in keeps them: what an edit compares
with ("message is not modified") and what a deletion finds (or not)."""

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

    def next_id(self) -> int:
        return next(self._ids)

    def record(self, message: dict[str, Any]) -> None:
        """A person's message, which the bot may delete (a password) or reply to."""
        self._messages[(int(message["chat"]["id"]), int(message["message_id"]))] = message

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
        self._messages[(chat_id, message["message_id"])] = message
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
        return True
