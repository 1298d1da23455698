"""The chat's hot path: 20,000 "open application card" callback updates fed through the real
dispatcher (middlewares, FSM, filters, handler, services, SQLite) with a no-network Bot session,
over a 100,000-application database; next to bare aiogram dispatch (one router, one callback
handler that answers and sends a text) measured in the same run.

The database is built by a child process, as an operator's `python -m bot import` would, so
that the measured process is like the bot: it opens a database rather than holding the heap of
an import of 100,000 rows (this did not change the medians measurably; bench/README.md).

    .venv/bin/python -m bench.chat
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import multiprocessing
import statistics
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta

from aiogram import Bot, Dispatcher, F, Router
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bench.common import FixedClock, machine, peak_rss_mb
from bench.queue_engine import ADMIN, DATABASE, NOW, seeded
from bot.app import build_dispatcher
from bot.runtime import tune_gc
from bot.wiring import build_services
from handlers.callbacks import AppAction, AppCb
from services.calendar import WorkCalendar
from services.eds import Person
from services.imports import FileSource
from storage.db import create_database
from tests.fakes.telegram import BOT_USER, RecordingSession

USER_ID = 555


class NoNetworkSession(RecordingSession):
    """Answers like Telegram would, keeps nothing (20,000 updates)."""

    async def make_request(self, bot: Bot, method, timeout=None):  # type: ignore[no-untyped-def]  # noqa: ASYNC109
        return self._result(method)


def updates(application_id: int, count: int) -> Iterator[Update]:
    """Made one at a time: 20,000 prebuilt updates would weigh more than the bot."""
    ids = itertools.count(1)
    user = User(id=USER_ID, is_bot=False, first_name="Айгүл", language_code="kk")
    chat = Chat(id=USER_ID, type="private")
    data = AppCb(action=AppAction.OPEN, id=application_id).pack()
    for _ in range(count):
        message = Message(
            message_id=next(ids), date=datetime.now(UTC), chat=chat, from_user=BOT_USER, text="…"
        )
        query = CallbackQuery(
            id=str(next(ids)), from_user=user, chat_instance="b", data=data, message=message
        )
        yield Update(update_id=next(ids), callback_query=query)


async def per_update_ms(dispatcher: Dispatcher, bot: Bot, batch: Iterable[Update]) -> float:
    samples = []
    for update in batch:
        start = time.perf_counter()
        await dispatcher.feed_update(bot, update)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def bare_dispatcher() -> Dispatcher:
    router = Router()

    @router.callback_query(AppCb.filter(F.action == AppAction.OPEN))
    async def card(callback: CallbackQuery, callback_data: AppCb) -> None:
        await callback.answer()
        if callback.message is not None:
            await callback.message.answer(f"card {callback_data.id}")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


async def build(applications: int) -> None:
    database, services, applications_file = await seeded("sqlite", applications)
    await services.imports.run("applications", FileSource(applications_file), ADMIN)
    await database.dispose()


def build_database(applications: int) -> None:
    asyncio.run(build(applications))


def build_in_child(applications: int) -> None:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
        child.submit(build_database, applications).result()


async def run(applications: int, count: int) -> None:
    print(f"machine: {machine()}")
    database = create_database(f"sqlite+aiosqlite:///{DATABASE}")
    services = build_services(database, FixedClock(NOW), WorkCalendar())
    async with services.uow.read() as uow:
        application = await uow.applications.get(1)
    assert application is not None
    person = Person(
        application.applicant_iin,
        "СЕЙТҚАЛИЕВА",
        "АЙГҮЛ",
        "МАРАТҚЫЗЫ",
        "01",
        NOW,
        NOW + timedelta(days=365),
    )
    await services.accounts.set_locale(USER_ID, "kk")
    await services.accounts.log_in(USER_ID, person)

    bot = Bot("42:BENCH", session=NoNetworkSession())
    ours = build_dispatcher(services)
    bare = bare_dispatcher()
    await per_update_ms(ours, bot, updates(application.id, 200))
    await per_update_ms(bare, bot, updates(application.id, 200))
    bare_ms = await per_update_ms(bare, bot, updates(application.id, count))
    ours_ms = await per_update_ms(ours, bot, updates(application.id, count))
    print(f"bare aiogram dispatch: {bare_ms:.3f} ms per update (median of {count})")
    ratio = ours_ms / bare_ms
    print(
        f"open application card: {ours_ms:.3f} ms per update (median of {count}), {ratio:.1f}x bare"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    await database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=20_000)
    args = parser.parse_args()
    build_in_child(args.applications)
    tune_gc()  # as `python -m bot` does
    asyncio.run(run(args.applications, args.updates))


if __name__ == "__main__":
    main()
