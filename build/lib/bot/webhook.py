"""Telegram's webhook on the bot's web app. An update is answered 200 only after it was
handled, so one that fails is delivered again by Telegram (bot/ledger.py counts the attempts,
and skips one delivered twice); a call without the secret is refused; while the process stops,
new updates get 503 and go to another instance, and those in hand are finished."""

from __future__ import annotations

import asyncio
import hmac
import logging
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.ledger import CURRENT_UPDATE

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_path(url: str) -> str:
    return urlsplit(url).path or "/"


class WebhookReceiver:
    def __init__(self, dispatcher: Dispatcher, bot: Bot, path: str, secret: str) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._path = path
        self._secret = secret.encode()
        self._in_hand: set[asyncio.Task[None]] = set()
        self._stopping = False

    def install(self, app: web.Application) -> None:
        app.router.add_post(self._path, self.receive)

    async def receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            return web.Response(status=401)
        if self._stopping:
            return web.Response(status=503)
        try:
            update = Update.model_validate(await request.json(), context={"bot": self._bot})
        except (ValueError, ValidationError):
            return web.Response(status=400)
        # A task of its own: a stop waits for it even if Telegram has hung up meanwhile.
        task = asyncio.create_task(self._handle(update))
        self._in_hand.add(task)
        task.add_done_callback(self._in_hand.discard)
        try:
            await asyncio.shield(task)
        except Exception:
            return web.Response(status=500)
        return web.json_response({})

    async def _handle(self, update: Update) -> None:
        CURRENT_UPDATE.set(update.update_id)  # this task's own context
        try:
            await self._dispatcher.feed_update(self._bot, update, webhook=True)
        except Exception:
            log.warning("update %s failed; Telegram will deliver it again", update.update_id)
            raise

    async def stop(self, within: float) -> None:
        """New updates are refused (503: Telegram delivers them again, to another instance);
        those in hand get `within` seconds to finish."""
        self._stopping = True
        if self._in_hand:
            _done, late = await asyncio.wait(list(self._in_hand), timeout=within)
            if late:
                log.warning("%d updates did not finish in %s s", len(late), within)
