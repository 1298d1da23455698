"""Telegram tells the bot when a parent blocks or unblocks it (`my_chat_member`): their
notifications stop at once, and resume when they come back."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated

from services.accounts import AccountService

router = Router(name=__name__)
router.my_chat_member.filter(F.chat.type == "private")


@router.my_chat_member(ChatMemberUpdatedFilter(member_status_changed=KICKED))
async def blocked(event: ChatMemberUpdated, accounts: AccountService) -> None:
    await accounts.set_reachable(event.from_user.id, reachable=False)


@router.my_chat_member(ChatMemberUpdatedFilter(member_status_changed=MEMBER))
async def unblocked(event: ChatMemberUpdated, accounts: AccountService) -> None:
    await accounts.set_reachable(event.from_user.id, reachable=True)
