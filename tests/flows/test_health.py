"""/healthz, /readyz and /metrics as an orchestrator and a monitor read them (the production
issue, points 1, 4 and 5), and Telegram out of reach as a state with one log line per change."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import aiohttp
import pytest

from bot.health import Health
from bot.metrics import Metrics
from bot.telegram import PollingLog, TelegramState, until_reached
from bot.web import WebServer, web_application
from storage.db import create_database
from tests.flows.conftest import ChatWorld
from tests.prometheus import sample


@asynccontextmanager
async def serving(health: Health) -> AsyncIterator[Callable[[str], Awaitable[tuple[int, str]]]]:
    server = WebServer(web_application(health.install), "127.0.0.1", 0)
    await server.start()
    async with aiohttp.ClientSession() as http:

        async def get(path: str) -> tuple[int, str]:
            async with http.get(f"http://127.0.0.1:{server.port}{path}") as response:
                return response.status, await response.text()

        yield get
    await server.stop()


async def test_ready_only_once_telegram_answered(world: ChatWorld) -> None:
    telegram = TelegramState()
    health = Health(world.services.database, Metrics(), world.services.outbox, telegram=telegram)
    async with serving(health) as get:
        assert await get("/healthz") == (200, "alive\n")
        assert await get("/readyz") == (503, "telegram: not reached yet\n")
        telegram.answered()
        assert await get("/readyz") == (200, "ready\n")
        telegram.failed(ConnectionError("gone"))  # reached once: a later outage is the bot's
        assert await get("/readyz") == (200, "ready\n")  # to ride out, not a reason to restart


async def test_not_ready_while_the_database_does_not_answer(world: ChatWorld) -> None:
    away = create_database("postgresql+asyncpg://postgres@127.0.0.1:9/nowhere")
    try:
        health = Health(away, Metrics(), world.services.outbox)
        async with serving(health) as get:
            assert await get("/healthz") == (200, "alive\n")
            assert await get("/readyz") == (503, "database: no answer\n")
    finally:
        await away.dispose()


async def test_metrics_show_the_outbox_backlog_per_channel(world: ChatWorld) -> None:
    due = await world.services.outbox.waiting()
    assert due["telegram"][0] > 0  # the fixture's sweep offered two turns: their notices wait
    metrics = Metrics()
    async with serving(Health(world.services.database, metrics, world.services.outbox)) as get:
        status, text = await get("/metrics")
    assert status == 200
    assert sample(text, "bot_outbox_due", channel="telegram") == due["telegram"][0]
    assert sample(text, "bot_outbox_oldest_due_seconds", channel="telegram") == pytest.approx(
        due["telegram"][1].total_seconds(), abs=1
    )
    assert "# TYPE bot_update_seconds histogram" in text


async def test_telegram_away_is_retried_with_a_growing_pause_and_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    state = TelegramState()
    answers = [ConnectionError("down")] * 4 + [None]
    pauses: list[float] = []

    async def call() -> None:
        if (answer := answers.pop(0)) is not None:
            raise answer

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    with caplog.at_level(logging.INFO, logger="bot.telegram"):
        await until_reached(call, state, sleep)
    assert pauses == [1.0, 2.0, 4.0, 8.0]
    assert state.reached_once and state.reachable
    assert [r.getMessage() for r in caplog.records] == [
        "Telegram is not reachable (ConnectionError); retrying",
        "Telegram is reachable again",
    ]


def test_polling_retries_become_the_state_s_lines() -> None:
    state = TelegramState()
    log = PollingLog(state)

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("aiogram.dispatcher", logging.ERROR, "", 0, message, (), None)

    assert not log.filter(record("Failed to fetch updates - TelegramNetworkError: …"))
    assert not log.filter(record("Sleep for 1.000000 seconds and try again… (tryings = 0)"))
    assert state.reachable is False
    assert not log.filter(record("Connection established (tryings = 1, bot id = 42)"))
    assert state.reachable is True
    assert log.filter(record("Start polling"))
