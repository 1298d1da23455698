"""Glances (storage.glance): the chat's hot reads. On SQLite they run on the event loop's own
thread through a read-only synchronous connection; on PostgreSQL they are ordinary reads. Either
way they see every committed write at once."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import delete, func, select

from bot.wiring import Services
from domain.card import CardFacts
from domain.dto import IdentityRecord
from storage.db import Database
from storage.models import TelegramUser
from tests.fakes.clock import FakeClock
from tests.scenario import Scenario


async def test_a_glance_sees_what_was_just_committed(services: Services) -> None:
    await services.accounts.set_locale(42, "ru")
    async with services.uow.glance() as glances:
        assert await glances.identity(42) == IdentityRecord("ru", None, None, None, None, None)
    await services.accounts.set_locale(42, "kk")
    async with services.uow.glance() as glances:
        assert (await glances.identity(42)).locale == "kk"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # PostgreSQL: ordinary reads
async def test_on_sqlite_a_glance_runs_on_the_loops_thread_and_only_reads(
    database: Database, services: Services
) -> None:
    assert database.glancer is not None
    threads: list[int] = []

    def whose_thread() -> int:
        threads.append(threading.get_ident())
        return 1

    database.glancer.connection.create_function("whose_thread", 0, whose_thread)
    session = database.glancer.session()
    await session.execute(select(func.whose_thread()))
    with pytest.raises(TypeError, match="only reads"):
        await session.execute(delete(TelegramUser))
    assert threads == [threading.get_ident()]
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        database.glancer.connection.execute("DELETE FROM telegram_users")


async def test_a_glance_reads_what_sqlalchemy_reads(services: Services, clock: FakeClock) -> None:
    """The glance hands SQLAlchemy's compiled SQL to sqlite3 and applies the types' own result
    processing: the card of an application with a referral (dates, moments, statuses, history),
    the identity and the FSM state come out exactly as through the async reader."""
    world = Scenario(services)
    await world.district("D1", "Q1")
    await world.kindergarten("KG1", "D1")
    number = await world.application()
    await world.places("KG1", 2022, "kk", 1)
    await services.sweeps.run_due()
    await world.sign(number)
    application_id = await world.application_id(number)
    await services.accounts.set_locale(7, "kk")
    async with services.uow() as uow:
        await uow.fsm.put("k", state="Sign:password", data={"a": 1}, now=clock.now())
        await uow.commit()

    async with services.uow.read() as uow:
        expected = (
            await uow.cards.facts(application_id, 8),
            await uow.telegram_users.identity(7),
            await uow.fsm.get("k"),
            await uow.fsm.get("none"),
        )
    async with services.uow.glance() as glances:
        glanced = (
            await glances.card(application_id, 8),
            await glances.identity(7),
            await glances.conversation("k"),
            await glances.conversation("none"),
        )
    assert glanced == expected
    facts = glanced[0]
    assert isinstance(facts, CardFacts) and facts.referral is not None
    assert facts.referral.lapses_at.tzinfo is not None and facts.history
