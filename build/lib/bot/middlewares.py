"""Who sent the update, and in which language to answer: from the logged-in account, never from
what the update itself claims (callback data, text); and an answer to every button."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, TelegramObject, User
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n, I18nMiddleware

from bot.identities import Identities
from services.accounts import Identity


class IdentityMiddleware(BaseMiddleware):
    def __init__(self, identities: Identities) -> None:
        self._identities = identities

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        identity = (
            await self._identities.identify(user.id) if user is not None else Identity(None, None)
        )
        data["identity"] = identity
        data["account"] = identity.account
        return await handler(event, data)


def guess_locale(user: User | None) -> str:
    """Before the parent chooses: Telegram's language if it is one of ours."""
    code = (user.language_code or "") if user else ""
    return "ru" if code.startswith("ru") else "kk"


class LocaleMiddleware(I18nMiddleware):
    def __init__(self, i18n: I18n) -> None:
        super().__init__(i18n)

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        identity: Identity | None = data.get("identity")
        if identity is not None and identity.locale in self.i18n.available_locales:
            return identity.locale
        return guess_locale(data.get("event_from_user"))


class AnswerEveryButton(BaseMiddleware):
    """Every button press is answered exactly once, after its handler (Telegram shows a spinner
    until then): with the text a handler put into `callback_answer`, or with none. An outer
    middleware, unlike aiogram's CallbackAnswerMiddleware (inner), so that a press no filter
    lets through, or whose handler fails before it could answer, is answered too; handlers never
    call `callback.answer()` themselves."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, CallbackQuery)
        answer = data["callback_answer"] = CallbackAnswer(answered=False)
        try:
            return await handler(event, data)
        finally:
            with suppress(TelegramAPIError):  # a press older than Telegram's answer window
                await event.answer(text=answer.text, show_alert=answer.show_alert)
