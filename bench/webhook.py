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
from datetime import date, timedelta

from sqlalchemy import select

from bench.common import machine
from bench.webhook_load import (
    SECRET,
    Parent,
    Phase,
    load,
    median_round,
    wait_listening,
)
from bot.wiring import Services, build_services
from domain.audit import Actor
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
from tests.scenario import new_iin, one_queue

TOKEN = "4242:BENCH-WEBHOOK"
FIRST_USER = 700_000
ADMIN = Actor.administrator("bench")
TURN = "подошла ваша очередь"
ROUNDS = 3


async def seed(url: str, users: int) -> tuple[Services, list[Parent]]:
    """One queue, `users` logged-in parents (ru) with an application each, no free place."""
    database = create_database(url)
    await upgrade(database)
    services = build_services(database, SystemClock(), WorkCalendar())
    iins = [new_iin(date(1980 + i % 20, 1 + i % 12, 1 + i % 28), male=False) for i in range(users)]
    children = [new_iin(date(2022, 1 + i % 12, 1 + i % 28)) for i in range(users)]
    csv = one_queue(list(zip(iins, children, strict=True)), "B")
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


def settings(url: str, redis_url: str, api_url: str, connections: int) -> dict[str, str]:
    return {
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


def ratios(median: dict[str, Phase]) -> str:
    two = median["ours, two instances"].rate / median["bare aiogram, two instances"].rate
    one = median["ours, one instance"].rate / median["bare aiogram, one instance"].rate
    return f"ours / bare: two instances {two:.0%}, one instance {one:.0%}"


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
        environment = settings(url, redis_url, api_url, connections)
        ours = [(["-m", "bot", "run"], environment | {"WEB_PORT": str(p)}) for p in ports[:2]]
        bare = [(["-m", "bench.bare_webhook", str(p)], environment) for p in ports[2:]]
        async with processes(ours + bare):
            await api.wait_for_calls("setWebhook", 2, timeout=120)
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
            median = {name: median_round(phases) for name, phases in rounds.items()}
            for phase in median.values():
                print(phase.line(), flush=True)
            pushes = await publish_to_push(api, services, publishes)
    print(f"{ratios(median)} (median of {ROUNDS} rounds each)")
    print(
        f"publish → push: p95 {p95(pushes):.2f} s, median {statistics.median(pushes):.2f} s,"
        f" max {max(pushes):.2f} s ({publishes} places imported one at a time)",
        flush=True,
    )
    errors = sum(p.errors + p.lost + p.twice for phases in rounds.values() for p in phases)
    print(f"errors, lost or answered twice over every round: {errors}")
    await services.database.dispose()


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
