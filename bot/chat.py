"""The chat's process, assembled: the dispatcher, eGov Mobile signing as the settings choose it
(direct on our web app, through the SIGEX relay, or off), and the web app that serves it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.app import build_dispatcher
from bot.chat_i18n import ChatI18n
from bot.config import Settings
from bot.egov.api import EgovApi, Organisation
from bot.egov.chat import EgovChat
from bot.egov.direct import DirectPresenter
from bot.egov.relay import SigexRelay
from bot.fsm import DatabaseStorage
from bot.web import WebServer, web_application
from bot.wiring import Services
from handlers.options import ChatOptions, Presenter

log = logging.getLogger(__name__)


class ChatSettingsError(ValueError):
    pass


@dataclass
class ChatParts:
    dispatcher: Dispatcher
    server: WebServer | None  # only when something is served: eGov Mobile's API today
    egov_chat: EgovChat
    relay: SigexRelay | None = None

    async def expire_signing(self, services: Services) -> None:
        """eGov Mobile requests whose time ran out: their messages offer a new link."""
        await self.egov_chat.expired(await services.egov.expire_due())

    async def stop(self) -> None:
        if self.relay is not None:
            await self.relay.stop()
        await self.egov_chat.settled()
        if self.server is not None:
            await self.server.stop()


def organisation(settings: Settings) -> Organisation:
    return Organisation(
        settings.org_name_kk, settings.org_name_ru, settings.org_name_en, settings.org_bin
    )


def build_chat(services: Services, settings: Settings, bot: Bot) -> ChatParts:
    storage = DatabaseStorage(services.uow, services.clock)
    i18n = ChatI18n(services.catalogs)
    egov_chat = EgovChat(bot, storage, i18n, services.documents)
    mode = settings.egov_mode
    presenter: Presenter | None = None
    relay = None
    installs: list[Callable[[web.Application], None]] = []
    if mode == "direct":
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
    elif mode == "relay":
        relay = SigexRelay(
            settings.egov_relay_url, services.egov_receiver, services.egov, egov_chat
        )
        presenter = relay
    options = ChatOptions(egov=presenter, key_files=settings.key_files_allowed)
    dispatcher = build_dispatcher(services, options=options, storage=storage)
    server = (
        WebServer(web_application(*installs), settings.web_host, settings.web_port)
        if installs
        else None
    )
    return ChatParts(dispatcher, server, egov_chat, relay)
