"""Instant pushes (the production issue, point 3): a place published by `import places` in
another process, or by an administrator in the chat, reaches the parent whose turn it is before
the next sweep (SWEEP_INTERVAL_SECONDS is left at its 30 s). On SQLite the senders look at the
outbox every second; on PostgreSQL the publisher's NOTIFY wakes them. The latency itself is
measured by bench/webhook.py."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert

from services.clock import SystemClock
from storage.models import TelegramUser as TelegramUserRow
from tests.databases import (
    NO_POSTGRES,
    create_pg_database_async,
    drop_pg_database_async,
    open_database,
    pg_url,
    postgres_reachable,
    unavailable,
)
from tests.e2e.harness import TelegramUser, cli, imported, running_bot
from tests.fakes.bot_api import Call, FakeBotApi
from tests.scenario import new_iin, one_queue

SWEEP_INTERVAL = 30.0
PARENT_CHAT = 4_100
ADMIN_CHAT = 4_200
TURN = "подошла ваша очередь"


def env(url: str) -> dict[str, str]:
    return {"DATABASE_URL": url, "EDS_TRUST_ANCHORS": "", "EDS_CRL_FILES": ""}


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
        return
    if not postgres_reachable():
        unavailable(NO_POSTGRES)
    name = await create_pg_database_async()
    yield pg_url(name)
    await drop_pg_database_async(name)


async def a_parent_waiting_in_the_queue(folder: Path, url: str) -> None:
    """One application in a pool with no free place, its parent's chat known (ru)."""
    parent, child = new_iin(date(1991, 2, 3), male=False), new_iin(date(2022, 4, 5))
    await imported(url, one_queue([(parent, child)], "P"))
    database = open_database(url)
    try:
        async with database.write_sessions() as session:
            await session.execute(
                insert(TelegramUserRow),
                [
                    {
                        "telegram_user_id": PARENT_CHAT,
                        "locale": "ru",
                        "first_seen_at": SystemClock().now(),
                        "parent_iin": parent,
                    }
                ],
            )
            await session.commit()
    finally:
        await database.dispose()


def turn_pushed(call: Call) -> bool:
    return call.chat_id == PARENT_CHAT and call.method == "sendMessage" and TURN in call.text


def no_sweep_gave_it(folder: Path) -> None:
    log = (folder / "bot0.log").read_text(encoding="utf-8")
    assert "turns arrived" not in log, log  # the publisher allocated, not a sweep
    assert "Traceback" not in log, log


async def test_places_imported_by_another_process_reach_the_parent_before_the_next_sweep(
    tmp_path: Path, database_url: str
) -> None:
    await a_parent_waiting_in_the_queue(tmp_path, database_url)
    places = tmp_path / "places.csv"
    places.write_text("kindergarten_code,group_year,language,count\nKG1,2022,ru,1\n")
    async with running_bot(tmp_path, **env(database_url)) as api:
        published = time.monotonic()
        output = await cli(tmp_path, "import", "places", str(places), **env(database_url))
        assert "R6: 1 turn(s) offered at once" in output
        push = await api.wait_for(turn_pushed, timeout=SWEEP_INTERVAL)
        assert push.at - published < SWEEP_INTERVAL
    no_sweep_gave_it(tmp_path)


async def publish_in_the_chat(api: FakeBotApi) -> None:
    admin = TelegramUser(api, ADMIN_CHAT, "Әкімші", "ru")
    start = await admin.say("/start", "Выберите язык.")
    await admin.press(start, "l:ru", "Этот бот")
    await admin.say(f"/grant {ADMIN_CHAT} admin D1", "теперь администратор районов D1")
    listing = await admin.say("/places", "Выберите детский сад")
    years = await admin.press(listing, listing.button("KG1"), "выберите год группы")
    languages = await admin.press(years, years.button("2022"), "выберите язык обучения")
    await admin.press(languages, languages.button("русский"), "Сколько свободных мест?")
    confirm = await admin.say("1", "2022")
    await admin.press(confirm, confirm.button("Опубликовать"), "Опубликовано")


async def test_places_published_in_the_chat_reach_the_parent_before_the_next_sweep(
    tmp_path: Path, database_url: str
) -> None:
    await a_parent_waiting_in_the_queue(tmp_path, database_url)
    async with running_bot(tmp_path, **env(database_url), ADMIN_IDS=str(ADMIN_CHAT)) as api:
        published = time.monotonic()
        await publish_in_the_chat(api)
        push = await api.wait_for(turn_pushed, timeout=SWEEP_INTERVAL)
        assert push.at - published < SWEEP_INTERVAL
    no_sweep_gave_it(tmp_path)
