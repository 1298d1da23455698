"""The bot and its dispatcher, built from the services."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BotCommand

from bot.chat_i18n import ChatI18n
from bot.config import Settings
from bot.conversation import ConversationMiddleware
from bot.i18n import Catalogs
from bot.inflight import InFlight
from bot.ledger import LedgerMiddleware
from bot.metrics import Metrics, MetricsMiddleware
from bot.middlewares import AnswerEveryButton, IdentityMiddleware, LocaleMiddleware
from bot.sharing import Sharing, in_process
from bot.unavailable import is_unavailable
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


def in_flight(dispatcher: Dispatcher) -> InFlight:
    """The dispatcher's tracker of the updates in hand (build_dispatcher makes it)."""
    tracker = dispatcher["in_flight"]
    assert isinstance(tracker, InFlight)
    return tracker


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
    sharing: Sharing | None = None,
    webhook: bool = False,
    metrics: Metrics | None = None,
) -> Dispatcher:
    """`sharing`: where conversations, locks and identities live (bot/sharing.py); `webhook`:
    updates come through the webhook (the ledger skips repeats and counts failures)."""
    sharing = sharing or in_process(services)
    dispatcher = Dispatcher(
        storage=sharing.storage,
        events_isolation=sharing.isolation,
        chat_options=options or ChatOptions(),
        unavailable=is_unavailable,
        **services.chat(),
    )
    # After aiogram's own (errors, user context, the FSM with its per-user lock), in this order.
    dispatcher["in_flight"] = dispatcher.update.outer_middleware(InFlight())
    if metrics is not None:
        dispatcher.update.outer_middleware(MetricsMiddleware(metrics))
    if webhook:
        dispatcher.update.outer_middleware(LedgerMiddleware(sharing.ledger))
    dispatcher.update.outer_middleware(ConversationMiddleware())
    dispatcher.update.outer_middleware(IdentityMiddleware(sharing.identities))
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
