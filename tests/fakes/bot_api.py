"""The Bot API the end-to-end tests run the bot against is the playground's own stand-in
(bot/playground/bot_api.py): one, not two."""

from __future__ import annotations

from bot.playground.bot_api import BotApi, serving
from bot.playground.calls import Call
from bot.playground.messages import BOT

FakeBotApi = BotApi

__all__ = ["BOT", "Call", "FakeBotApi", "serving"]
