"""The chat's process, assembled: the dispatcher over its sharing (bot/sharing.py), updates by
long polling or by the webhook, eGov Mobile signing as the settings choose it (direct on our web
app, through the SIGEX relay, or off), and what each of them puts on the web app."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.app import build_dispatcher
from bot.chat_i18n import ChatI18n
from bot.config import Settings
from bot.egov.api import EgovApi, Organisation
from bot.egov.chat import EgovChat
from bot.egov.direct import DirectPresenter
from bot.egov.relay import SigexRelay
from bot.metrics import Metrics
from bot.sharing import Sharing
from bot.webhook import WebhookReceiver, webhook_path
from bot.wiring import Services
from handlers.options import ChatOptions, Presenter

log = logging.getLogger(__name__)

# Telegram's own rule for secret_token: 1–256 of A–Z, a–z, 0–9, _ and -.
SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class ChatSettingsError(ValueError):
    pass


@dataclass
class ChatParts:
    dispatcher: Dispatcher
    egov_chat: EgovChat
    relay: SigexRelay | None = None
    webhook: WebhookReceiver | None = None
    installs: list[Callable[[web.Application], None]] = field(default_factory=list)

    async def expire_signing(self, services: Services) -> None:
        """eGov Mobile requests whose time ran out: their messages offer a new link."""
        await self.egov_chat.expired(await services.egov.expire_due())

    async def stop(self) -> None:
        if self.relay is not None:
            await self.relay.stop()
        await self.egov_chat.settled()


def organisation(settings: Settings) -> Organisation:
    return Organisation(
        settings.org_name_kk, settings.org_name_ru, settings.org_name_en, settings.org_bin
    )


def check_webhook(settings: Settings) -> str:
    """The secret, once the webhook's settings hold together."""
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    if not SECRET.fullmatch(secret):
        raise ChatSettingsError(
            "WEBHOOK_URL needs WEBHOOK_SECRET: 1–256 letters, digits, _ or - (Telegram's rule)"
        )
    if not settings.webhook_url.startswith("https://") and not settings.telegram_api_url:
        raise ChatSettingsError(
            "WEBHOOK_URL must be https:// (a plain http:// address works only with a local Bot"
            " API server, TELEGRAM_API_URL)"
        )
    return secret


def build_chat(
    services: Services, settings: Settings, bot: Bot, sharing: Sharing, metrics: Metrics
) -> ChatParts:
    i18n = ChatI18n(services.catalogs)
    egov_chat = EgovChat(bot, sharing.storage, i18n, services.documents)
    presenter: Presenter | None = None
    relay = None
    installs: list[Callable[[web.Application], None]] = []
    if settings.egov_mode == "direct":
        if not settings.public_url:
            raise ChatSettingsError(
                "EGOV_SIGNING=direct needs PUBLIC_URL: the https address eGov Mobile reaches"
            )
        if not settings.public_url.startswith("https://"):
            log.warning("PUBLIC_URL is not https: eGov Mobile accepts only https addresses")
        links = DirectPresenter(settings.public_url)
        api = EgovApi(services.egov_receiver, egov_chat, links, organisation(settings), i18n)
        installs.append(api.install)
        presenter = links
    elif settings.egov_mode == "relay":
        relay = SigexRelay(
            settings.egov_relay_url, services.egov_receiver, services.egov, egov_chat
        )
        presenter = relay
    options = ChatOptions(egov=presenter, key_files=settings.key_files_allowed)
    webhook = bool(settings.webhook_url)
    dispatcher = build_dispatcher(
        services, options=options, sharing=sharing, webhook=webhook, metrics=metrics
    )
    receiver = None
    if webhook:
        secret = check_webhook(settings)
        receiver = WebhookReceiver(dispatcher, bot, webhook_path(settings.webhook_url), secret)
        installs.append(receiver.install)
    return ChatParts(dispatcher, egov_chat, relay, receiver, installs)
