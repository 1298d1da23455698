"""Running the bot: the chat (long polling) with the sweeps and the notification senders beside
it, or only the sweeps and senders (`worker`) — more instances on one PostgreSQL database.

Telegram hands a bot's updates to one long-polling client at a time (a second one gets 409
Conflict), so the chat runs in one `run` process; every other instance is a `worker`. The
sweeps and senders are safe in any number of instances (see README, "Several instances")."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from aiogram import Bot

from bot.app import build_bot, describe_bot
from bot.background import Background
from bot.chat import ChatParts, ChatSettingsError, build_chat
from bot.config import Settings
from bot.mailer import EmailDelivery, SmtpServer, SmtpUrlError
from bot.notifier import TelegramDelivery
from bot.wiring import Services, build_sender, services_from_settings
from services.calendar import CorrectionsFileError
from services.clock import Clock
from services.eds.trust import TrustConfigError
from storage.leadership import Leadership
from storage.migrate import upgrade

log = logging.getLogger(__name__)


def build_background(services: Services, settings: Settings, bot: Bot) -> Background:
    senders = [
        build_sender(
            services,
            TelegramDelivery(bot),
            asyncio.sleep,
            per_second=settings.notify_rate_per_second,
        )
    ]
    if settings.smtp_url is not None:
        server = SmtpServer.parse(settings.smtp_url.get_secret_value())
        senders.append(
            build_sender(
                services,
                EmailDelivery(server, settings.smtp_from),
                asyncio.sleep,
                per_second=settings.email_rate_per_second,
            )
        )
    return Background(
        services.sweeps,
        senders,
        sweep_leadership=Leadership(services.database, "sweeps"),
        sweep_interval=settings.sweep_interval_seconds,
    )


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    await stop.wait()


async def run_bot(settings: Settings, clock: Clock, *, chat: bool = True) -> int:
    bot = build_bot(settings)

    async def verification_link(code: str) -> str:
        me = await bot.me()
        return f"https://t.me/{me.username}?start=v_{code}"

    try:
        services = services_from_settings(settings, clock, verification_link)
        background = build_background(services, settings, bot)
    except (CorrectionsFileError, TrustConfigError, SmtpUrlError) as exc:
        print(str(exc), file=sys.stderr)
        await bot.session.close()
        return 2
    try:
        parts = build_chat(services, settings, bot) if chat else None
    except ChatSettingsError as exc:
        print(str(exc), file=sys.stderr)
        await bot.session.close()
        return 2
    try:
        await upgrade(services.database)
        if parts is not None:
            await _run_chat(parts, services, background, bot)
        else:
            await background.start()
            await _until_stopped()
    finally:
        await background.stop()
        if parts is not None:
            await parts.stop()
        await services.database.dispose()
        await bot.session.close()
    return 0


async def _run_chat(parts: ChatParts, services: Services, background: Background, bot: Bot) -> None:
    """The web app first (eGov Mobile reaches it), then the sweeps, then the chat itself."""
    if parts.server is not None:
        await parts.server.start()
        log.info("the web app listens on port %s", parts.server.port)
    background.every(lambda: parts.expire_signing(services))
    await describe_bot(bot, services.catalogs)
    await background.start()
    await parts.dispatcher.start_polling(bot, handle_signals=True)
