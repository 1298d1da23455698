"""Running the bot: the chat with the sweeps and the notification senders beside it (`run`), or
only the sweeps and senders (`worker`). Every process serves its web app: /healthz, /readyz and
/metrics, and in `run` the webhook and eGov Mobile's API.

Updates come by long polling (one `run` process: Telegram gives a bot's updates to one poller)
or by the webhook (WEBHOOK_URL: any number of `run` processes on PostgreSQL with REDIS_URL,
behind one address). The sweeps and senders are safe in any number of processes (README,
"Deployment")."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot

from bot.app import build_bot, describe_bot, in_flight
from bot.background import Background
from bot.chat import ChatParts, ChatSettingsError, build_chat
from bot.config import Settings
from bot.health import Health
from bot.mailer import EmailDelivery, SmtpServer, SmtpUrlError
from bot.metrics import Metrics
from bot.notifier import TelegramDelivery
from bot.sharing import Sharing, in_process, through_redis
from bot.telegram import PollingLog, TelegramState, reach, until_reached
from bot.web import WebServer, web_application
from bot.wiring import Services, build_sender, services_from_settings
from services.calendar import CorrectionsFileError
from services.clock import Clock
from services.eds.trust import TrustConfigError
from storage.leadership import Leadership
from storage.migrate import upgrade

log = logging.getLogger(__name__)

STOP_WITHIN = 10.0  # seconds for the updates in hand when the process is told to stop


def build_background(
    services: Services, settings: Settings, bot: Bot, metrics: Metrics
) -> Background:
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
        database=services.database,
        metrics=metrics,
    )


@dataclass
class Process:
    """Everything one process runs, built before anything starts."""

    settings: Settings
    bot: Bot
    services: Services
    background: Background
    sharing: Sharing
    metrics: Metrics
    telegram: TelegramState
    chat: ChatParts | None
    web: WebServer


def build_process(settings: Settings, clock: Clock, *, chat: bool) -> Process:
    """Raises SystemExit with one clear line when the settings do not hold together."""
    bot = build_bot(settings)
    metrics = Metrics()

    async def verification_link(code: str) -> str:
        me = await bot.me()
        return f"https://t.me/{me.username}?start=v_{code}"

    try:
        services = services_from_settings(settings, clock, verification_link, meter=metrics)
        background = build_background(services, settings, bot, metrics)
        sharing = shared_state(settings, services)
        parts = build_chat(services, settings, bot, sharing, metrics) if chat else None
    except (CorrectionsFileError, TrustConfigError, SmtpUrlError, ChatSettingsError) as exc:
        raise SystemExit(str(exc)) from None
    telegram = TelegramState()
    health = Health(
        services.database,
        metrics,
        services.outbox,
        redis=sharing.redis,
        telegram=telegram if chat else None,
    )
    installs = [health.install, *(parts.installs if parts else [])]
    web = WebServer(web_application(*installs), settings.web_host, settings.web_port)
    return Process(settings, bot, services, background, sharing, metrics, telegram, parts, web)


def shared_state(settings: Settings, services: Services) -> Sharing:
    if not settings.redis_url:
        return in_process(services)
    if services.database.is_sqlite:
        raise ChatSettingsError(
            "REDIS_URL is for several chat processes, which need PostgreSQL (DATABASE_URL):"
            " SQLite is one process"
        )
    return through_redis(services, settings.redis_url)


async def run_bot(settings: Settings, clock: Clock, *, chat: bool = True) -> int:
    try:
        process = build_process(settings, clock, chat=chat)
    except SystemExit as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return await run_process(process)


async def run_process(
    process: Process, listening: Callable[[int], Awaitable[None]] | None = None
) -> int:
    """Runs a built process until SIGTERM or SIGINT; `listening` learns the web app's port."""
    settings = process.settings
    stop = _stop_on_signals()
    try:
        await upgrade(process.services.database)
        await process.web.start()
        log.info("the web app listens on %s:%s", settings.web_host, process.web.port)
        if listening is not None:
            await listening(process.web.port)
        if process.chat is not None:
            await _run_chat(process, process.chat, stop)
        else:
            await process.background.start()
            await stop.wait()
    finally:
        await _stop(process)
    return 0


async def _run_chat(process: Process, parts: ChatParts, stop: asyncio.Event) -> None:
    bot, settings, services = process.bot, process.settings, process.services
    telegram, dispatcher = process.telegram, parts.dispatcher
    # Each call is retried until Telegram answers (/readyz says so meanwhile), or until a stop.
    if not await _unless(stop, reach(bot, telegram)):
        return
    if not await _unless(
        stop, until_reached(lambda: describe_bot(bot, services.catalogs), telegram)
    ):
        return
    process.background.every(lambda: parts.expire_signing(services))
    await process.background.start()
    if parts.webhook is not None:
        set_webhook = until_reached(
            lambda: bot.set_webhook(
                settings.webhook_url,
                secret_token=check_secret(settings),
                allowed_updates=dispatcher.resolve_used_update_types(),
                max_connections=settings.webhook_max_connections,
            ),
            telegram,
        )
        if await _unless(stop, set_webhook):
            log.info("updates come through the webhook %s", settings.webhook_url)
            await stop.wait()
        await parts.webhook.stop(within=STOP_WITHIN)
        return
    if not await _unless(stop, until_reached(bot.delete_webhook, telegram)):
        return
    logging.getLogger("aiogram.dispatcher").addFilter(PollingLog(telegram))
    polling = asyncio.create_task(
        dispatcher.start_polling(
            bot,
            handle_signals=False,
            close_bot_session=False,
            allowed_updates=dispatcher.resolve_used_update_types(),
        )
    )
    await _unless(stop, asyncio.shield(polling))
    if not polling.done():
        await dispatcher.stop_polling()
    await polling
    if not await in_flight(dispatcher).settled(within=STOP_WITHIN):
        log.warning("updates in hand did not finish in %s s", STOP_WITHIN)


def check_secret(settings: Settings) -> str:
    assert settings.webhook_secret is not None  # build_chat checked it
    return settings.webhook_secret.get_secret_value()


def _stop_on_signals() -> asyncio.Event:
    """Set by SIGTERM or SIGINT: the process stops taking work, finishes what it has, exits 0."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    return stop


async def _unless(stop: asyncio.Event, work: Awaitable[object]) -> bool:
    """Runs `work` to its end (True), or until `stop` is set first (False; it is cancelled)."""
    task = asyncio.ensure_future(work)
    stopped = asyncio.ensure_future(stop.wait())
    await asyncio.wait((task, stopped), return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        stopped.cancel()
        task.result()
        return True
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return False


async def _stop(process: Process) -> None:
    await process.background.stop()
    if process.chat is not None:
        await process.chat.stop()
    await process.web.stop()
    await process.sharing.close()
    await process.services.database.dispose()
    await process.bot.session.close()
