"""The Bot API the end-to-end tests run the bot against is the playground's own stand-in
(bot/playground/bot_api.py): one, not two."""

from __future__ import annotations

from bot.playground.bot_api import BOT, BotApi, serving
from bot.playground.calls import Call

FakeBotApi = BotApi

__all__ = ["BOT", "Call", "FakeBotApi", "serving"]
