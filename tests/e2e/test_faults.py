"""Faults (the production issue, point 4), with the bot as its own process: Telegram out of reach
when it starts, PostgreSQL gone for a while, and (tests/e2e/test_instances.py) SIGTERM in a
burst. Each time the bot stays up, says so once, and goes on by itself."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.databases import (
    NO_POSTGRES,
    PG_HOST,
    PG_PORT,
    create_pg_database_async,
    drop_pg_database_async,
    postgres_reachable,
    unavailable,
)
from tests.e2e.harness import TOKEN, TelegramUser, fleet
from tests.fakes.bot_api import FakeBotApi, serving
from tests.fakes.tcp_proxy import TcpProxy
from tests.ports import free_port

NO_KEYS = {"EDS_TRUST_ANCHORS": "", "EDS_CRL_FILES": ""}


class Refusing:
    """A port where "Telegram" accepts a connection and drops it at once; each try is counted."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.tries = 0
        self._changed = asyncio.Condition()
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> Refusing:
        self._server = await asyncio.start_server(self._drop, "127.0.0.1", self.port)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _drop(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.transport.abort()
        async with self._changed:
            self.tries += 1
            self._changed.notify_all()

    async def tried(self, times: int) -> None:
        async with asyncio.timeout(30), self._changed:
            await self._changed.wait_for(lambda: self.tries >= times)


async def readiness(port: int) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/readyz") as response,
    ):
        return response.status, await response.text()


async def test_telegram_out_of_reach_at_start_is_waited_for_then_the_bot_works(
    tmp_path: Path,
) -> None:
    telegram_port, web_port = free_port(), free_port()
    async with fleet(tmp_path) as ships:
        async with Refusing(telegram_port) as telegram:
            bot = await ships.start(
                "run",
                **NO_KEYS,
                TELEGRAM_API_URL=f"http://127.0.0.1:{telegram_port}",
                WEB_PORT=str(web_port),
            )
            await telegram.tried(3)  # retried, with a pause that grows (1 s, then 2 s)
            assert bot.process.returncode is None
            assert await readiness(web_port) == (503, "telegram: not reached yet\n")

        api = FakeBotApi(TOKEN)  # Telegram is back, where it was
        async with serving(api, telegram_port):
            await api.wait_for(lambda call: call.method == "getUpdates", timeout=60)
            user = TelegramUser(api, 9_001, "Айгүл", "ru")
            await user.say("/start", "Выберите язык.")
            assert await readiness(web_port) == (200, "ready\n")
            assert await bot.stopped() == 0
    log = bot.output()
    assert log.count("Telegram is not reachable") == 1, log  # one line per change of state
    assert "Traceback" not in log, log


@pytest.fixture
async def postgres_behind_a_proxy() -> AsyncIterator[tuple[TcpProxy, str]]:
    if not postgres_reachable():
        unavailable(NO_POSTGRES)
    name = await create_pg_database_async()
    proxy = TcpProxy(PG_HOST, PG_PORT)
    await proxy.start()
    yield proxy, f"postgresql+asyncpg://postgres@127.0.0.1:{proxy.port}/{name}"
    await proxy.close()
    await drop_pg_database_async(name)


async def test_postgresql_gone_for_a_while_is_said_and_then_the_bot_goes_on_by_itself(
    tmp_path: Path, postgres_behind_a_proxy: tuple[TcpProxy, str]
) -> None:
    proxy, url = postgres_behind_a_proxy
    async with fleet(tmp_path) as ships:
        bot = await ships.start("run", **NO_KEYS, DATABASE_URL=url)
        await ships.api.wait_for(lambda call: call.method == "getUpdates", timeout=60)
        first = TelegramUser(ships.api, 9_101, "Айгүл", "ru")
        await first.say("/start", "Выберите язык.")

        await proxy.cut()  # PostgreSQL stops
        kk = TelegramUser(ships.api, 9_102, "Ерлан", "kk")
        await kk.say("/start", "Қызмет уақытша қолжетімсіз. Бір минуттан кейін қайталап көріңіз.")
        ru = TelegramUser(ships.api, 9_103, "Ольга", "ru")
        await ru.say("/start", "Сервис временно недоступен. Попробуйте через минуту.")

        await proxy.restore()  # … and is back: nobody restarts the bot
        await ru.say("/start", "Выберите язык.")
        await kk.say("/start", "Тілді таңдаңыз.")
        assert await bot.stopped() == 0
    log = bot.output()
    assert "Traceback" not in log, log
