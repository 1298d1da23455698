"""The bot and its dispatcher, built from the services."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import BotCommand

from bot.chat_i18n import ChatI18n
from bot.config import Settings
from bot.fsm import DatabaseStorage
from bot.i18n import Catalogs
from bot.middlewares import AnswerEveryButton, IdentityMiddleware, LocaleMiddleware
from bot.wiring import Services
from handlers import include_routers
from handlers.menu import COMMANDS
from handlers.options import ChatOptions
from services.texts import N_

DESCRIPTION = N_(
    "A referral (жолдама) to a state kindergarten, as on the portal: log in with your EDS key, see "
    "your applications and your place in the queue, get told when your turn comes and before every "
    "deadline, choose a kindergarten and sign the referral. In Kazakh and Russian."
)
SHORT_DESCRIPTION = N_("A referral to a state kindergarten: queue, choice, EDS signature.")


def build_bot(settings: Settings) -> Bot:
    if settings.bot_token is None:
        raise SystemExit(
            "BOT_TOKEN is not set: put the token from @BotFather in .env (see .env.example)"
        )
    session = None
    if settings.telegram_api_url:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    return Bot(
        settings.bot_token.get_secret_value(), session=session, default=DefaultBotProperties()
    )


def build_dispatcher(
    services: Services,
    *,
    options: ChatOptions | None = None,
    storage: BaseStorage | None = None,
    isolation: BaseEventIsolation | None = None,
) -> Dispatcher:
    dispatcher = Dispatcher(
        storage=storage or DatabaseStorage(services.uow, services.clock),
        events_isolation=isolation or SimpleEventIsolation(),
        chat_options=options or ChatOptions(),
        **services.chat(),
    )
    dispatcher.update.outer_middleware(IdentityMiddleware(services.identities))
    dispatcher.callback_query.outer_middleware(AnswerEveryButton())
    LocaleMiddleware(ChatI18n(services.catalogs)).setup(dispatcher)
    include_routers(dispatcher)
    return dispatcher


async def describe_bot(bot: Bot, catalogs: Catalogs) -> None:
    """The command menu and the descriptions in both languages (setMyCommands and the rest)."""
    for locale in (*catalogs.available_locales, None):
        language = locale or catalogs.default_locale
        commands = [
            BotCommand(command=name, description=catalogs.translate(language, text))
            for name, text in COMMANDS.items()
        ]
        await bot.set_my_commands(commands, language_code=locale)
        await bot.set_my_description(
            catalogs.translate(language, DESCRIPTION), language_code=locale
        )
        await bot.set_my_short_description(
            catalogs.translate(language, SHORT_DESCRIPTION), language_code=locale
        )
