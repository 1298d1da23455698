"""The command menu a Telegram app shows in a chat, from the bot's setMyCommands and
deleteMyCommands calls: the chat's own scope first, then everyone's; the app's language first,
then the default (the playground's «/» button)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.playground.calls import Call

Menus = dict[tuple[int | None, str], list[dict[str, Any]]]


def _scope(call: Call) -> tuple[int | None, str]:
    scope = call.params.get("scope") or {}
    chat = scope.get("chat_id") if scope.get("type") == "chat" else None
    return (int(chat) if chat is not None else None, call.params.get("language_code") or "")


def command_menu(calls: Iterable[Call], chat_id: int, language_code: str) -> list[dict[str, Any]]:
    menus: Menus = {}
    for call in calls:
        if call.method == "setMyCommands":
            menus[_scope(call)] = list(call.params.get("commands") or [])
        elif call.method == "deleteMyCommands":
            menus.pop(_scope(call), None)
    for key in ((chat_id, language_code), (chat_id, ""), (None, language_code), (None, "")):
        if key in menus:
            return menus[key]
    return []
