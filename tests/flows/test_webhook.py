"""The webhook as Telegram uses it (the production issue, point 1): updates are POSTed with the
secret header, a 200 means "handled", anything else is delivered again; a repeat is skipped."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime

import aiohttp
import pytest
from aiogram import Bot
from aiogram.methods import SendMessage
from aiogram.types import Chat, Message, Update, User

from bot.app import build_dispatcher
from bot.metrics import Metrics
from bot.sharing import Sharing, in_process, through_redis
from bot.web import WebServer, web_application
from bot.webhook import SECRET_HEADER, WebhookReceiver
from tests.databases import redis_database
from tests.fakes.telegram import RecordingSession
from tests.flows.conftest import ChatWorld

SECRET = "s3cret_for-tests"
_ids = itertools.count(10_000)


@dataclass
class Webhook:
    http: aiohttp.ClientSession
    url: str
    session: RecordingSession
    metrics: Metrics

    async def post(self, update: Update, secret: str | None = SECRET) -> int:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        body = update.model_dump(mode="json", exclude_none=True, by_alias=True)
        async with self.http.post(self.url, json=body, headers=headers) as response:
            return response.status

    def texts_to(self, user_id: int) -> list[str]:
        return [
            r.text
            for r in self.session.requests
            if isinstance(r, SendMessage) and r.chat_id == user_id
        ]


@pytest.fixture(params=["in process", "redis"])
async def webhook(world: ChatWorld, request: pytest.FixtureRequest) -> AsyncIterator[Webhook]:
    """One chat process keeps the handled updates in memory; several share them in Redis (the
    "handled?" read with the conversation, the mark set with the lock's release)."""
    with ExitStack() as stack:
        if request.param == "redis":
            sharing = through_redis(world.services, stack.enter_context(redis_database()))
        else:
            sharing = in_process(world.services)
        async for hook in serving_webhook(world, sharing):
            yield hook


async def serving_webhook(world: ChatWorld, sharing: Sharing) -> AsyncIterator[Webhook]:
    session = RecordingSession()
    bot = Bot("42:TEST", session=session)
    metrics = Metrics()
    dispatcher = build_dispatcher(world.services, sharing=sharing, webhook=True, metrics=metrics)
    receiver = WebhookReceiver(dispatcher, bot, "/telegram", SECRET)
    server = WebServer(web_application(receiver.install), "127.0.0.1", 0)
    await server.start()
    async with aiohttp.ClientSession() as http:
        yield Webhook(http, f"http://127.0.0.1:{server.port}/telegram", session, metrics)
    await receiver.stop(within=5)
    await server.stop()
    await sharing.close()


def text_update(user_id: int, text: str, update_id: int | None = None) -> Update:
    user = User(id=user_id, is_bot=False, first_name="Айгүл", language_code="ru")
    message = Message(
        message_id=next(_ids),
        date=datetime.now(UTC),
        chat=Chat(id=user_id, type="private"),
        from_user=user,
        text=text,
    )
    return Update(update_id=next(_ids) if update_id is None else update_id, message=message)


async def test_a_call_without_the_right_secret_is_refused_and_not_handled(
    webhook: Webhook,
) -> None:
    assert await webhook.post(text_update(301, "/start"), secret="wrong") == 401
    assert await webhook.post(text_update(301, "/start"), secret=None) == 401
    assert webhook.session.requests == []

    assert await webhook.post(text_update(301, "/start")) == 200
    assert webhook.texts_to(301) == ["Тілді таңдаңыз.\nВыберите язык."]


async def test_an_update_delivered_twice_is_handled_once(webhook: Webhook) -> None:
    update = text_update(302, "/start")
    assert await webhook.post(update) == 200
    assert await webhook.post(update) == 200
    assert webhook.texts_to(302) == ["Тілді таңдаңыз.\nВыберите язык."]
    exposition = (await webhook.metrics.exposition(None)).decode()
    assert 'bot_updates_total{outcome="duplicate",type="message"} 1.0' in exposition


async def test_a_failed_update_is_answered_500_and_its_redelivery_succeeds(
    webhook: Webhook,
) -> None:
    webhook.session.send_failures.append(RuntimeError("the handler broke"))
    update = text_update(303, "/start")

    assert await webhook.post(update) == 500
    assert webhook.texts_to(303) == []

    assert await webhook.post(update) == 200  # Telegram delivers it again
    assert webhook.texts_to(303) == ["Тілді таңдаңыз.\nВыберите язык."]


async def test_an_update_failing_every_time_gets_an_apology_on_the_third_delivery(
    webhook: Webhook,
) -> None:
    webhook.session.send_failures += [RuntimeError("broken")] * 3
    update = text_update(304, "/start")

    assert [await webhook.post(update) for _ in range(2)] == [500, 500]
    # The third delivery fails too: the person is told, and Telegram stops delivering it.
    assert await webhook.post(update) == 200
    assert webhook.texts_to(304) == [
        "У нас что-то пошло не так. Попробуйте ещё раз; если повторится, нажмите /start."
    ]
    assert await webhook.post(update) == 200
    assert len(webhook.texts_to(304)) == 1


async def test_bad_json_is_refused(webhook: Webhook) -> None:
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    async with webhook.http.post(webhook.url, data=b"{not json", headers=headers) as response:
        assert response.status == 400
    assert webhook.session.requests == []
