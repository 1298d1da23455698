"""Turn-arrived notices at scale: the sweep that gives 10,000 turns out of 1,000,000 applications,
then the 10,000 notices sent through our fake Bot API, which answers 429 (retry_after 1) to
anything above 30 messages a second in all or above 1 a second to one chat.

    .venv/bin/python -m bench.notify                       # 1,000,000 applications, SQLite
    .venv/bin/python -m bench.notify --applications 100000 # a quicker look

Reports the sweep time, then: delivered, lost (turn rows not sent), duplicates (one text twice
to one chat), 429 answers, and the sustained rate (delivered / time from the first to the last
delivered message) against the configured one. Results go to bench/README.md by hand.

One clock runs the whole benchmark: it starts at the data set's fixed moment (NOW) and runs in
real time from there, so the turns' deadlines are the same on any day it is run and the sender
paces itself by real seconds. The drain stops by itself: when no row is left to send, or at a
deadline of twice the time the rate needs plus a minute; a row that ends in another state than
"sent" (skipped, failed, blocked) ends the run with an error and the counts.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import time
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import String, func, insert, select, update

from bench.common import RunningClock, machine, peak_rss_mb, timed
from bench.queue_engine import ADMIN, NOW, places_csv, seeded
from bot.i18n import Catalogs
from bot.notifier import TelegramDelivery
from bot.runtime import tune_gc
from bot.wiring import Services
from domain.outbox import OutboxStatus
from services.imports import FileSource, TextSource
from services.notifications.pacing import Pacer
from services.notifications.sender import OutboxSender
from storage.leadership import Leadership
from storage.models import Application, OutboxMessage, TelegramUser
from tests.fakes.bot_api import FakeBotApi, serving

TOKEN = "4242:BENCH"
WAITING = {OutboxStatus.PENDING, OutboxStatus.SENDING}  # still to be sent (a 429 puts one back)


class TelegramLimits:
    """Answers like Telegram when a bot goes too fast: 429 with retry_after."""

    def __init__(self, per_second: int = 30, per_chat_interval: float = 1.0) -> None:
        self.per_second = per_second
        self.per_chat_interval = per_chat_interval
        self.accepted: collections.deque[float] = collections.deque()
        self.last_in_chat: dict[int, float] = {}
        self.delivered_at: list[float] = []
        self.refused = 0

    def __call__(self, method: str, params: dict[str, Any]) -> dict[str, Any] | None:
        if method != "sendMessage":
            return None
        now = time.monotonic()
        while self.accepted and self.accepted[0] <= now - 1:
            self.accepted.popleft()
        chat = int(params["chat_id"])
        last = self.last_in_chat.get(chat)
        if len(self.accepted) >= self.per_second or (
            last is not None and now - last < self.per_chat_interval
        ):
            self.refused += 1
            return {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1},
            }
        self.accepted.append(now)
        self.last_in_chat[chat] = now
        self.delivered_at.append(now)
        return None


async def link_chats(database: Any) -> int:
    """Every family whose turn came has its own chat with the bot. The generated data set
    spreads a million applications over 3,000 applicants; a turn goes to one family's child
    in real life, so each notified application gets an applicant of its own here."""
    async with database.write_sessions() as session:
        notified = list(
            await session.scalars(
                select(OutboxMessage.application_id).where(OutboxMessage.event == "turn_arrived")
            )
        )
        for start in range(0, len(notified), 5000):
            chunk = notified[start : start + 5000]
            await session.execute(
                update(Application)
                .where(Application.id.in_(chunk))
                .values(applicant_iin=func.printf("9%011d", Application.id))
                if database.is_sqlite
                else update(Application)
                .where(Application.id.in_(chunk))
                .values(applicant_iin=func.lpad(func.cast(Application.id, String), 12, "9"))
            )
            await session.execute(
                insert(TelegramUser),
                [
                    {
                        "telegram_user_id": 10_000_000 + i,
                        "locale": ("kk", "ru")[i % 2],
                        "first_seen_at": NOW,
                        "parent_iin": (f"9{i:011d}" if database.is_sqlite else f"{i:9>12}"),
                    }
                    for i in chunk
                ],
            )
        await session.commit()
    return len(notified)


class DrainFailed(RuntimeError):
    pass


async def turn_rows(services: Services) -> dict[str, int]:
    async with services.uow.read() as uow:
        rows = await uow.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.event == "turn_arrived")
            .group_by(OutboxMessage.status)
        )
        return {str(status): int(count) for status, count in rows}


async def drain_all(services: Services, sender: OutboxSender, turns: int, rate: float) -> None:
    """Drains until every turn row is sent; bounded, and loud about any other ending."""
    deadline = time.monotonic() + 2 * turns / rate + 60
    while True:
        await sender.drain()
        counts = await turn_rows(services)
        unsent = {s: n for s, n in counts.items() if s != OutboxStatus.SENT}
        if not unsent:
            return
        ended = {s: n for s, n in unsent.items() if s not in WAITING}
        if ended:
            raise DrainFailed(f"turn rows ended unsent: {ended}; all rows: {counts}")
        if time.monotonic() > deadline:
            raise DrainFailed(f"not drained in time; rows: {counts}")
        await asyncio.sleep(1)  # rows put back by a 429 are due again a second later


async def run(backend: str, applications: int, turns: int, rate: float) -> None:
    results: dict[str, float] = {}
    clock = RunningClock(NOW)
    database, services, applications_file = await seeded(backend, applications, clock)
    await services.imports.run("applications", FileSource(applications_file), ADMIN)
    # The import offers the turns at once (R6), as an administrator's publishing does.
    with timed(
        f"places import giving {turns:,} turns out of {applications:,} applications", results
    ):
        report = await services.imports.run(
            "places", TextSource("places.csv", places_csv(turns)), ADMIN
        )
    assert report.offered == turns, report
    parents = await link_chats(database)
    print(f"{parents:,} families with a chat", flush=True)

    limits = TelegramLimits()
    api = FakeBotApi(TOKEN)
    api.intercept = limits
    async with serving(api) as url:
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
        sender = OutboxSender(
            services.uow,
            clock,
            TelegramDelivery(bot),
            Pacer(clock, asyncio.sleep, per_second=rate),
            Catalogs(),
            Leadership(database, "sender:telegram"),
        )
        started = time.monotonic()
        try:
            await drain_all(services, sender, turns, rate)
        finally:
            elapsed = time.monotonic() - started
            await bot.session.close()

    texts = collections.Counter((c.chat_id, c.text) for c in api.calls if c.method == "sendMessage")
    delivered = sum(texts.values())
    moments = limits.delivered_at
    sustained = (len(moments) - 1) / (moments[-1] - moments[0]) if len(moments) > 1 else 0.0
    counts = await turn_rows(services)
    not_sent = sum(n for s, n in counts.items() if s != OutboxStatus.SENT)
    print(f"delivered: {delivered:,} in {elapsed:.1f} s")
    print(f"lost: {not_sent}; duplicates: {sum(n - 1 for n in texts.values() if n > 1)}")
    print(f"429 answers: {limits.refused}")
    print(
        f"sustained rate: {sustained:.2f} messages/s = {100 * sustained / rate:.1f}% "
        f"of the configured {rate:g}/s"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB", flush=True)
    await database.dispose()


def main() -> None:
    tune_gc()  # as `python -m bot` does
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--turns", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=25.0)
    args = parser.parse_args()
    print(f"machine: {machine()}; backend: {args.backend}")
    asyncio.run(run(args.backend, args.applications, args.turns, args.rate))


if __name__ == "__main__":
    main()
