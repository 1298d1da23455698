"""The bot in production shape under load: `python -m bot run` instances in webhook mode on
PostgreSQL and Redis, and a stand-in for Telegram on loopback that POSTs updates to them in
turn, at most --connections at a time (Telegram's max_connections). Logged-in parents open
their journal and an application's card, again and again. Measured: updates a second, the
latency from Telegram's POST to the bot's 200 (sent once the update was handled and answered),
errors, updates lost or answered twice; publish → push (places imported, the parent's turn
message at Telegram); and the same load on a bare aiogram webhook bot (bench/bare_webhook.py)
for the ratio. Bounded: it stops by itself.

    python -m bench.webhook [--users 400] [--updates 6000] [--connections 40] [--publishes 30]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import signal
import statistics
import sys
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import aiohttp
from sqlalchemy import select

from bench.common import machine
from bot.wiring import Services, build_services
from domain.audit import Actor
from handlers.callbacks import AppAction, AppCb
from services.calendar import WorkCalendar
from services.clock import SystemClock
from services.eds import Person
from services.imports import TextSource
from storage.db import create_database
from storage.migrate import upgrade
from storage.models import Application
from tests.databases import (
    create_pg_database_async,
    drop_pg_database_async,
    pg_url,
    redis_database,
)
from tests.fakes.bot_api import FakeBotApi, serving
from tests.ports import free_port
from tests.scenario import new_iin

TOKEN = "4242:BENCH-WEBHOOK"
SECRET = "bench-webhook-secret"
FIRST_USER = 700_000
ADMIN = Actor.administrator("bench")
TURN = "подошла ваша очередь"
ROUNDS = 3
WARM_UP = 200  # updates before the clock starts: connections, caches, the JIT of the pools


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


async def seed(url: str, users: int) -> tuple[Services, list[Parent]]:
    """One queue, `users` logged-in parents (ru) with an application each, no free place."""
    database = create_database(url)
    await upgrade(database)
    services = build_services(database, SystemClock(), WorkCalendar())
    iins = [new_iin(date(1980 + i % 20, 1 + i % 12, 1 + i % 28), male=False) for i in range(users)]
    children = [new_iin(date(2022, 1 + i % 12, 1 + i % 28)) for i in range(users)]
    csv = {
        "districts": "code,name_kk,name_ru,queue_code,priority_ratio\nD1,Аудан,Район,Q1,\n",
        "kindergartens": "code,district_code,kind,name_kk,name_ru,address_kk,address_ru,"
        "languages\nKG1,D1,ordinary,«Күншуақ»,«Күншуақ»,Абай 1,Абая 1,kk+ru\n",
        "children": "iin,surname,name,patronymic,parent_iins,enrolled_kindergarten_code\n"
        + "".join(
            f"{c},Садықов,Бала{i},Ерланұлы,{p},\n"
            for i, (c, p) in enumerate(zip(children, iins, strict=True))
        ),
        "applications": "number,child_iin,applicant_iin,district_code,kind,language,benefit,"
        "submitted_at\n"
        + "".join(
            f"B-{i:05d},{c},{p},D1,ordinary,ru,none,2023-02-01T09:00:{i % 60:02d}\n"
            for i, (c, p) in enumerate(zip(children, iins, strict=True))
        ),
    }
    for kind, text in csv.items():
        await services.imports.run(kind, TextSource(f"{kind}.csv", text), ADMIN)
    now = SystemClock().now()
    parents = []
    async with database.read_sessions() as session:
        rows = await session.execute(select(Application.applicant_iin, Application.id))
        found: dict[str, int] = {}
        for iin, application_id in rows:
            found[iin] = application_id
    for index, iin in enumerate(iins):
        user_id = FIRST_USER + index
        person = Person(iin, "САДЫҚОВА", "АЙГҮЛ", "СЕРІКҚЫЗЫ", "01", now, now + timedelta(days=365))
        await services.accounts.set_locale(user_id, "ru")
        await services.accounts.log_in(user_id, person)
        parents.append(Parent(user_id, found[iin]))
    return services, parents


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


@asynccontextmanager
async def processes(
    commands: Sequence[tuple[list[str], dict[str, str]]],
) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    started = [
        await asyncio.create_subprocess_exec(
            sys.executable, *command, env=environment, stdout=asyncio.subprocess.DEVNULL
        )
        for command, environment in commands
    ]
    try:
        yield started
    finally:
        for process in started:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                async with asyncio.timeout(30):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()


async def calls_of(api: FakeBotApi, method: str, times: int) -> None:
    after = 0
    for _ in range(times):
        call = await api.wait_for(lambda c: c.method == method, after=after, timeout=120)
        after = api.calls.index(call) + 1


async def publish_to_push(api: FakeBotApi, services: Services, publishes: int) -> list[float]:
    """Each time one free place is imported (in this process, as `import places` would be): how
    long until the parent whose turn it gives has the message at Telegram."""
    seconds = []
    places = "kindergarten_code,group_year,language,count\nKG1,2022,ru,1\n"
    for _ in range(publishes):
        after = len(api.calls)
        begun = time.monotonic()
        report = await services.imports.run("places", TextSource("places.csv", places), ADMIN)
        assert report.offered == 1, report
        push = await api.wait_for(
            lambda c: c.method == "sendMessage" and TURN in c.text, after=after, timeout=60
        )
        seconds.append(push.at - begun)
    return seconds


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


async def run(users: int, updates: int, connections: int, publishes: int) -> None:
    print(f"machine: {machine()}", flush=True)
    name = await create_pg_database_async()
    try:
        with redis_database() as redis_url:
            await measure(pg_url(name), redis_url, users, updates, connections, publishes)
    finally:
        await drop_pg_database_async(name)


async def measure(
    url: str, redis_url: str, users: int, updates: int, connections: int, publishes: int
) -> None:
    services, parents = await seed(url, users)
    print(f"{users} parents logged in, one application each; {connections} connections")
    api = FakeBotApi(TOKEN)
    ids = itertools.count(1)
    ports = [free_port() for _ in range(4)]
    urls = [f"http://127.0.0.1:{port}/telegram" for port in ports]
    ours_urls, bare_urls = urls[:2], urls[2:]
    async with serving(api) as api_url:
        environment = {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": api_url,
            "WEBHOOK_URL": "http://127.0.0.1:9/telegram",
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_MAX_CONNECTIONS": str(connections),
            "EDS_TRUST_ANCHORS": "",
            "EDS_CRL_FILES": "",
            "LOG_LEVEL": "WARNING",
        }
        ours = [(["-m", "bot", "run"], environment | {"WEB_PORT": str(p)}) for p in ports[:2]]
        bare = [(["-m", "bench.bare_webhook", str(p)], environment) for p in ports[2:]]
        async with processes(ours + bare):
            await calls_of(api, "setWebhook", 2)
            await wait_listening(bare_urls)
            # Ours and bare take turns, round after round, and each figure is the median round:
            # the machine's own ups and downs fall on both alike.
            plan = {
                "ours, two instances": ours_urls,
                "bare aiogram, two instances": bare_urls,
                "ours, one instance": ours_urls[:1],
                "bare aiogram, one instance": bare_urls[:1],
            }
            rounds: dict[str, list[Phase]] = {name: [] for name in plan}
            for _ in range(ROUNDS):
                for name, targets in plan.items():
                    phase = await load(name, api, targets, parents, updates, connections, ids)
                    rounds[name].append(phase)
            median = {name: _median(phases) for name, phases in rounds.items()}
            for phase in median.values():
                print(phase.line(), flush=True)
            pushes = await publish_to_push(api, services, publishes)
    print(
        f"ours / bare: two instances"
        f" {median['ours, two instances'].rate / median['bare aiogram, two instances'].rate:.0%},"
        f" one instance"
        f" {median['ours, one instance'].rate / median['bare aiogram, one instance'].rate:.0%}"
        f" (median of {ROUNDS} rounds each)"
    )
    print(
        f"publish → push: p95 {p95(pushes):.2f} s, median {statistics.median(pushes):.2f} s,"
        f" max {max(pushes):.2f} s ({publishes} places imported one at a time)",
        flush=True,
    )
    errors = sum(p.errors + p.lost + p.twice for phases in rounds.values() for p in phases)
    print(f"errors, lost or answered twice over every round: {errors}")
    await services.database.dispose()


def _median(phases: list[Phase]) -> Phase:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--updates", type=int, default=6000)
    parser.add_argument("--connections", type=int, default=40)
    parser.add_argument("--publishes", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(run(args.users, args.updates, args.connections, args.publishes))


if __name__ == "__main__":
    main()
