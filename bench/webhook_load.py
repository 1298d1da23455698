"""The load of bench/webhook.py: Telegram's side of the webhook, played on loopback. Updates go
to the instances in turn, at most `connections` at a time (Telegram's max_connections), each
chat's one after another; every POST is timed to the bot's 200, and afterwards the answers the
Bot API stand-in received are counted against the updates sent (lost, answered twice)."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from handlers.callbacks import AppAction, AppCb
from tests.fakes.bot_api import FakeBotApi

SECRET = "bench-webhook-secret"
WARM_UP = 200  # updates before the clock starts: connections, caches, the pools


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    lost: int = 0
    twice: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile_ms(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    def line(self) -> str:
        return (
            f"{self.name}: {self.rate:.0f} updates/s, latency p50 {self.percentile_ms(0.5):.1f} ms"
            f" p99 {self.percentile_ms(0.99):.1f} ms, errors {self.errors},"
            f" lost {self.lost}, answered twice {self.twice}"
        )


@dataclass(frozen=True)
class Parent:
    user_id: int
    application_id: int


def journal_update(update_id: int, user_id: int) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Айгүл", "language_code": "ru"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": user,
            "text": "Журнал заявлений",
        },
    }


def card_update(update_id: int, parent: Parent) -> dict[str, Any]:
    user = {"id": parent.user_id, "is_bot": False, "first_name": "Айгүл", "language_code": "ru"}
    message = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": parent.user_id, "type": "private"},
        "from": {"id": 4242, "is_bot": True, "first_name": "bot"},
        "text": "…",
    }
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": user,
            "chat_instance": "bench",
            "data": AppCb(action=AppAction.OPEN, id=parent.application_id).pack(),
            "message": message,
        },
    }


def answers(api: FakeBotApi, since: int) -> int:
    return sum(
        call.method in ("sendMessage", "editMessageText") and call.chat_id is not None
        for call in api.calls[since:]
    )


async def load(
    name: str,
    api: FakeBotApi,
    instances: Sequence[str],
    parents: Sequence[Parent],
    updates: int,
    connections: int,
    update_ids: itertools.count[int],
) -> Phase:
    """`connections` lanes, each taking its parents' updates one after another (as Telegram
    keeps one chat's updates in order), the lanes spread over the instances in turn."""
    phase = Phase(name)
    turn = itertools.count()
    lanes = [parents[lane::connections] for lane in range(connections)]
    per_lane = updates // connections
    started = [0.0]
    since = [0]
    warm = asyncio.Barrier(connections)

    async def lane(mine: Sequence[Parent], http: aiohttp.ClientSession) -> None:
        for index in range(WARM_UP // connections + per_lane):
            if index == WARM_UP // connections:
                await warm.wait()
                if not started[0]:
                    started[0], since[0] = time.perf_counter(), len(api.calls)
            parent = mine[index % len(mine)]
            update_id = next(update_ids)
            update = (
                journal_update(update_id, parent.user_id)
                if index % 2 == 0
                else card_update(update_id, parent)
            )
            url = instances[next(turn) % len(instances)]
            begun = time.perf_counter()
            try:
                async with http.post(
                    url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
                ) as response:
                    await response.read()
                    ok = response.status == 200
            except aiohttp.ClientError:
                ok = False
            if index >= WARM_UP // connections:
                phase.latencies.append(time.perf_counter() - begun)
                phase.errors += not ok

    limits = aiohttp.TCPConnector(limit=connections)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=limits, timeout=timeout) as http:
        await asyncio.gather(*(lane(mine, http) for mine in lanes))
    phase.seconds = time.perf_counter() - started[0]
    answered = answers(api, since[0])
    sent = len(phase.latencies)
    phase.lost, phase.twice = max(0, sent - answered), max(0, answered - sent)
    return phase


def median_round(phases: list[Phase]) -> Phase:
    return sorted(phases, key=lambda phase: phase.rate)[len(phases) // 2]


async def wait_listening(urls: Sequence[str]) -> None:
    """The bare bots print nothing we read: knock until each answers (bounded)."""
    async with aiohttp.ClientSession() as http:
        for url in urls:
            for _ in range(200):
                try:
                    async with http.get(url) as response:
                        await response.read()
                        break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.05)
            else:
                raise RuntimeError(f"{url} never answered")
