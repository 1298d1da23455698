"""Telegram tells the bot when a parent blocks or unblocks it (`my_chat_member`): their
notifications stop at once, and resume when they come back."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated

from services.accounts import AccountService


def router() -> Router:
    router = Router(name=__name__)
    router.my_chat_member.filter(F.chat.type == "private")
    router.my_chat_member.register(blocked, ChatMemberUpdatedFilter(member_status_changed=KICKED))
    router.my_chat_member.register(unblocked, ChatMemberUpdatedFilter(member_status_changed=MEMBER))
    return router


async def blocked(event: ChatMemberUpdated, accounts: AccountService) -> None:
    await accounts.set_reachable(event.from_user.id, reachable=False)


async def unblocked(event: ChatMemberUpdated, accounts: AccountService) -> None:
    await accounts.set_reachable(event.from_user.id, reachable=True)
