"""Glances (storage.glance): the chat's hot reads. On SQLite they run on the event loop's own
thread through a read-only synchronous connection; on PostgreSQL they are ordinary reads. Either
way they see every committed write at once."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from bot.wiring import Services
from storage.db import Database


async def test_a_glance_sees_what_was_just_committed(services: Services) -> None:
    await services.accounts.set_locale(42, "ru")
    async with services.uow.glance() as uow:
        assert await uow.telegram_users.identity(42) == ("ru", None, None, None, None, None)
    await services.accounts.set_locale(42, "kk")
    async with services.uow.glance() as uow:
        row = await uow.telegram_users.identity(42)
    assert row is not None and row[0] == "kk"


async def test_on_sqlite_a_glance_runs_on_the_loops_thread_and_only_reads(
    database: Database, services: Services
) -> None:
    if not database.is_sqlite:
        pytest.skip("PostgreSQL glances are ordinary reads")
    assert database.glancer is not None
    threads: list[int] = []

    def thread_probe(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        def whose_thread() -> int:
            threads.append(threading.get_ident())
            return 1

        dbapi_connection.create_function("whose_thread", 0, whose_thread)

    event.listen(database.glancer, "connect", thread_probe)
    async with services.uow.glance() as uow:
        await uow.session.execute(text("SELECT whose_thread()"))
        with pytest.raises(OperationalError, match="readonly"):
            await uow.session.execute(text("DELETE FROM telegram_users"))
    assert threads == [threading.get_ident()]
