"""eGov Mobile through the SIGEX relay (EGOV_SIGN.md, "Relay"), against a fake SIGEX on
127.0.0.1: the chat's button and QR are the relay's, the documents reach it after a busy first
try, the signature comes back and is verified exactly as the direct API's; a refused one spends
the relay's link, and the chat offers a new one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import build_dispatcher
from bot.egov.relay import SigexRelay
from bot.web import WebServer
from handlers.options import ChatOptions
from tests.fakes.egov_mobile import cms
from tests.fakes.sigex import FakeSigex
from tests.flows.driver import Reply
from tests.flows.egov_world import EgovWorld, link, offered_login
from tests.ports import free_port


@pytest.fixture
async def relay(egov_world: EgovWorld) -> AsyncIterator[tuple[SigexRelay, FakeSigex]]:
    fake = FakeSigex()
    port = free_port()
    fake.base = f"http://127.0.0.1:{port}"
    server = WebServer(fake.application(), "127.0.0.1", port)
    await server.start()
    world = egov_world.chat_world
    relay = SigexRelay(
        fake.base,
        world.services.egov_receiver,
        world.services.egov,
        egov_world.chat,
        retry_pause=0.01,
    )
    world.dispatcher = build_dispatcher(world.services, options=ChatOptions(egov=relay))
    try:
        yield relay, fake
    finally:
        await relay.stop()
        await server.stop()


async def test_a_login_through_the_relay(
    egov_world: EgovWorld, relay: tuple[SigexRelay, FakeSigex]
) -> None:
    follower, fake = relay
    chat = egov_world.chat_world.driver()
    offer = await offered_login(egov_world, chat)
    assert link(offer) == "https://m.egov.kz/mobileSign/?link=relay-1"  # SIGEX's own link
    assert fake.registrations["1"].description == "Вход в @kindergarten_test_bot с помощью ЭЦП"
    data = await fake.data("1")
    assert fake.registrations["1"].data_tries == 2  # a busy relay is tried again
    start = len(egov_world.chat_world.session.requests)
    fake.signs("1", cms(data, egov_world.holder_login))
    await follower.settled()
    told = Reply(egov_world.chat_world.session.requests[start:])
    assert told.captions == ["Подписано в eGov Mobile."]
    assert told.text.startswith("Владелец ключа: СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ")


async def test_a_refused_signature_spends_the_relays_link(
    egov_world: EgovWorld, relay: tuple[SigexRelay, FakeSigex]
) -> None:
    follower, fake = relay
    chat = egov_world.chat_world.driver()
    await offered_login(egov_world, chat)
    data = await fake.data("1")
    start = len(egov_world.chat_world.session.requests)
    fake.signs("1", cms(data, egov_world.key("REVOKED")))
    await follower.settled()
    told = Reply(egov_world.chat_world.session.requests[start:])
    assert told.captions == [
        "Срок действия ссылки истёк. Нажмите «Новая ссылка», чтобы получить новую."
    ]
    assert told.text == "Ключ отозван 05.04.2026. Получите новый ключ в НУЦ."
    fresh = await chat.press(told.button("Новая ссылка"))
    assert link(fresh) == "https://m.egov.kz/mobileSign/?link=relay-2"
