"""Identities kept by several chat processes (bot/identities.py, VersionedIdentities): a change
made through one process's AccountService is seen by the other's very next read, for the user
and for every chat logged in as the same parent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from redis.asyncio import Redis

from bot.identities import VersionedIdentities
from bot.wiring import Services, build_services
from services.calendar import WorkCalendar
from services.eds import Person
from storage.db import Database, create_database
from tests.databases import redis_database
from tests.fakes.clock import FakeClock
from tests.scenario import PARENT

CHAT, OTHER_CHAT = 8_001, 8_002


def person(surname: str, clock: FakeClock) -> Person:
    now = clock.now()
    return Person(PARENT, surname, "АЙГҮЛ", "СЕРІКҚЫЗЫ", "01", now, now + timedelta(days=365))


@pytest.fixture
async def two_processes(
    database: Database, database_url: str, clock: FakeClock, calendar: WorkCalendar
) -> AsyncIterator[tuple[Services, Services, Redis]]:
    """Two sets of services on one database, as two processes have: neither hears the other's
    AccountService; only Redis is shared."""
    other = create_database(database_url)
    with redis_database() as url:
        redis = Redis.from_url(url)
        yield (
            build_services(database, clock, calendar),
            build_services(other, clock, calendar),
            redis,
        )
        await redis.aclose()
    await other.dispose()


async def test_a_change_through_one_process_is_read_by_the_other_at_once(
    two_processes: tuple[Services, Services, Redis], clock: FakeClock
) -> None:
    a, b, redis = two_processes
    on_a = VersionedIdentities(a.accounts, redis, "kg:identity")
    on_b = VersionedIdentities(b.accounts, redis, "kg:identity")

    await a.accounts.set_locale(CHAT, "ru")
    assert (await on_b.identify(CHAT)).locale == "ru"  # now kept by B
    await a.accounts.set_locale(CHAT, "kk")
    assert (await on_b.identify(CHAT)).locale == "kk"

    await a.accounts.log_in(CHAT, person("САДЫҚОВА", clock))
    await a.accounts.log_in(OTHER_CHAT, person("САДЫҚОВА", clock))
    first = (await on_b.identify(CHAT)).account
    assert first is not None and first.full_name.startswith("САДЫҚОВА")

    # The parent logs in again from the other chat, under a changed surname: both chats' names
    # change, and B, which keeps the first chat's identity, reads it again.
    await a.accounts.log_in(OTHER_CHAT, person("ЕРЛАНОВА", clock))
    again = (await on_b.identify(CHAT)).account
    assert again is not None and again.full_name.startswith("ЕРЛАНОВА")

    await a.accounts.log_out(CHAT)
    assert (await on_b.identify(CHAT)).account is None
    assert (await on_a.identify(CHAT)).account is None
