"""Async filters (aiogram runs sync filters such as F.text in a thread pool)."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import Message


class HasDocument(Filter):
    async def __call__(self, message: Message) -> bool:
        return message.document is not None


class HasText(Filter):
    async def __call__(self, message: Message) -> bool:
        text = message.text
        return text is not None and text != "" and not text.startswith("/")


class HasContact(Filter):
    async def __call__(self, message: Message) -> bool:
        return message.contact is not None
