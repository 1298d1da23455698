"""The chat world with eGov Mobile signing on: the bot's web app serves API №1 and №2 on
127.0.0.1 (a free port), the dispatcher offers eGov Mobile at login and at «Подписать и
отправить», and a simulated phone signs over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest

from bot.app import build_dispatcher
from bot.chat_i18n import ChatI18n
from bot.egov.api import EgovApi, Organisation
from bot.egov.chat import EgovChat
from bot.egov.direct import DirectPresenter
from bot.web import WebServer, web_application
from handlers.options import ChatOptions
from services.eds.demo_pki import DEMO_PASSWORD
from tests.fakes.egov_mobile import EgovMobile, Key
from tests.flows.conftest import ChatWorld
from tests.flows.driver import ChatDriver, Reply
from tests.pki import HOLDER
from tests.ports import free_port

ORGANISATION = Organisation(
    "Балабақша боты", "Бот детских садов", "Kindergarten bot", "123456789012"
)


@dataclass
class EgovWorld:
    chat_world: ChatWorld
    web: WebServer
    chat: EgovChat
    api: EgovApi
    presenter: DirectPresenter

    def key(self, name: str) -> Key:
        return Key.from_p12(self.chat_world.pki.keys[name], DEMO_PASSWORD)

    @property
    def holder_login(self) -> Key:
        return self.key(f"AUTH_RSA256_{HOLDER.iin}")

    @property
    def holder_signing(self) -> Key:
        return self.key(f"RSA256_{HOLDER.iin}")

    def phone(self, language: str = "ru") -> EgovMobile:
        return EgovMobile(language)


def link(reply: Reply) -> str:
    """The URL of the offer's eGov Mobile button."""
    [(_, url)] = reply.urls
    return url


async def offered_login(world: EgovWorld, chat: ChatDriver, language: str = "ru") -> Reply:
    await chat.send("/start")
    await chat.press(f"l:{language}")
    return await chat.send("Войти" if language == "ru" else "Кіру")


@asynccontextmanager
async def serving_egov(world: ChatWorld) -> AsyncIterator[EgovWorld]:
    """The world's chat with eGov Mobile direct, its API on a free port of 127.0.0.1."""
    port = free_port()
    presenter = DirectPresenter(f"http://127.0.0.1:{port}")
    world.dispatcher = build_dispatcher(
        world.services, options=ChatOptions(egov=presenter, key_files=True)
    )
    i18n = ChatI18n(world.services.catalogs)
    chat = EgovChat(world.bot, world.dispatcher.storage, i18n, world.services.documents)
    api = EgovApi(world.services.egov_receiver, chat, presenter, ORGANISATION, i18n)
    web = WebServer(web_application(api.install), "127.0.0.1", port)
    await web.start()
    try:
        yield EgovWorld(world, web, chat, api, presenter)
    finally:
        await chat.settled()
        await web.stop()


@pytest.fixture
async def egov_world(world: ChatWorld) -> AsyncIterator[EgovWorld]:
    async with serving_egov(world) as served:
        yield served
