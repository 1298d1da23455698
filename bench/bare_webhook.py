"""The yardstick for bench/webhook.py: a bare aiogram webhook bot, one handler per update type
that answers and sends a text, served the way ours is (aiohttp, 200 after the update was
handled, the secret checked) against the same Bot API. `python -m bench.bare_webhook PORT`."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web


def dispatcher() -> Dispatcher:
    router = Router()

    @router.message()
    async def text(message: Message) -> None:
        await message.answer("journal")

    @router.callback_query()
    async def card(callback: CallbackQuery) -> None:
        await callback.answer()
        if callback.message is not None:
            await callback.message.answer("card")

    bare = Dispatcher()
    bare.include_router(router)
    return bare


async def serve(port: int) -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    app = web.Application()
    SimpleRequestHandler(
        dispatcher(), bot, handle_in_background=False, secret_token=os.environ["WEBHOOK_SECRET"]
    ).register(app, path="/telegram")
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print("listening", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()
    await bot.session.close()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
