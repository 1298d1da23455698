"""For an orchestrator and a monitor, on the web app of every process:

/healthz   the process is alive (200)
/readyz    200 when it can work: the database answers, Redis answers (when configured) and,
           for the chat, Telegram answered at least once; otherwise 503 and what is missing
/metrics   Prometheus' text format (bot/metrics.py)"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from redis.asyncio import Redis
from sqlalchemy import text

from bot.metrics import Metrics
from bot.telegram import TelegramState
from services.notifications.report import OutboxOverview
from storage.db import Database

CHECK_SECONDS = 3.0


class Health:
    def __init__(
        self,
        database: Database,
        metrics: Metrics,
        outbox: OutboxOverview,
        *,
        redis: Redis | None = None,
        telegram: TelegramState | None = None,
    ) -> None:
        self._database = database
        self._metrics = metrics
        self._outbox = outbox
        self._redis = redis
        self._telegram = telegram

    def install(self, app: web.Application) -> None:
        app.router.add_get("/healthz", self.alive)
        app.router.add_get("/readyz", self.ready)
        app.router.add_get("/metrics", self.exposition)

    async def alive(self, request: web.Request) -> web.Response:
        return web.Response(text="alive\n")

    async def ready(self, request: web.Request) -> web.Response:
        missing = await self.missing()
        if missing:
            return web.Response(status=503, text="".join(f"{line}\n" for line in missing))
        return web.Response(text="ready\n")

    async def missing(self) -> list[str]:
        missing = []
        if not await _answers(self._ping_database):
            missing.append("database: no answer")
        if self._redis is not None and not await _answers(self._redis.ping):
            missing.append("redis: no answer")
        if self._telegram is not None and not self._telegram.reached_once:
            missing.append("telegram: not reached yet")
        return missing

    async def _ping_database(self) -> None:
        async with self._database.reader.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def exposition(self, request: web.Request) -> web.Response:
        try:
            body = await self._metrics.exposition(self._outbox)
        except Exception:  # the database is away: the rest of the metrics still count
            body = await self._metrics.exposition(None)
        response = web.Response(body=body)
        response.content_type = CONTENT_TYPE_LATEST.split(";")[0]
        return response


async def _answers(check: Callable[[], Awaitable[object]]) -> bool:
    try:
        await asyncio.wait_for(check(), CHECK_SECONDS)
    except Exception:
        return False
    return True
