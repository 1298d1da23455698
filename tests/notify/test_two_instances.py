"""Two bot instances on one PostgreSQL database, each with its own connections, sweeping and
sending at the same moments: every transition happens once and every message goes once.

The instances share one event loop here (their database work interleaves at every await, on
separate connections, so PostgreSQL sees two concurrent clients); the coordination under test
is the database's own: row claims with FOR UPDATE SKIP LOCKED, leases, advisory locks."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from bot.wiring import Services, build_sender, build_services
from services.calendar import WorkCalendar
from services.notifications.sender import OutboxSender
from storage.db import Database
from storage.models import AuditEntry, Offer
from tests.databases import open_database
from tests.fakes.clock import FakeClock, FakeSleep
from tests.fakes.delivery import RecordingDelivery
from tests.notify.conftest import CHAT, NotifyWorld
from tests.scenario import new_iin

FAMILIES = 120
PLACES = 90


@pytest.fixture
async def second(
    database: Database, database_url: str, clock: FakeClock, calendar: WorkCalendar
) -> AsyncIterator[Services]:
    if database.is_sqlite:
        pytest.skip("several instances share a PostgreSQL database; SQLite has one process")
    other = open_database(database_url)
    yield build_services(other, clock, calendar)
    await other.dispose()


@asynccontextmanager
async def always_leading() -> AsyncIterator[bool]:
    yield True


async def families(world: NotifyWorld, services: Services) -> None:
    for index in range(FAMILIES):
        parent = new_iin(date(1980 + index % 20, 1 + index % 12, 1 + index % 28), male=True)
        await world.parent_chat(CHAT + index, parent, locale="kk" if index % 2 else "ru")
        child = await world.child("Серіков", f"Бала{index}", date(2021 + index % 3, 3, 1), parent)
        await world.application(child_iin=child, applicant=parent, submitted="2024-01-10T09:00:00")
    for year in (2021, 2022, 2023):
        await world.places_left_to_the_sweep("KG1", year, "kk", PLACES // 3)


def senders(services: Services, clock: FakeClock, delivery: RecordingDelivery) -> OutboxSender:
    return build_sender(services, delivery, FakeSleep(clock), per_second=1000)


async def test_two_instances_sweep_and_send_without_duplicates(
    world: NotifyWorld, services: Services, second: Services, clock: FakeClock
) -> None:
    await families(world, services)
    deliveries = [RecordingDelivery(clock), RecordingDelivery(clock)]
    one, two = (senders(s, clock, d) for s, d in zip((services, second), deliveries, strict=True))

    # Both sweep at once: the places go out once (R6), each application gets one turn.
    reports = await asyncio.gather(services.sweeps.run_due(), second.sweeps.run_due())
    assert sum(r.offers_made for r in reports) == PLACES
    # Both send at once: one holds the channel's lock, the other finds it taken.
    await asyncio.gather(one.drain(), two.drain(), one.drain(), two.drain())

    # Three working days later both expire the unused turns (R8) at once, and sweep again.
    clock.advance(days=7)
    reports = await asyncio.gather(services.sweeps.run_due(), second.sweeps.run_due())
    assert sum(r.offers_expired for r in reports) == PLACES

    async with services.uow.read() as uow:
        offers = await uow.session.scalar(select(func.count()).select_from(Offer))
        audit = Counter(
            (action, application)
            for action, application in await uow.session.execute(
                select(AuditEntry.action, AuditEntry.application_id).where(
                    AuditEntry.action.in_(("turn_arrived", "offer_expired"))
                )
            )
        )
    assert offers == PLACES
    assert sum(n for (a, _), n in audit.items() if a == "turn_arrived") == PLACES
    assert sum(n for (a, _), n in audit.items() if a == "offer_expired") == PLACES
    assert set(audit.values()) == {1}  # no transition twice for one application

    sent = [s.envelope for d in deliveries for s in d.sent]
    assert len(sent) == PLACES
    assert len({e.outbox_id for e in sent}) == len({e.address for e in sent}) == PLACES


async def test_claims_alone_keep_two_concurrent_senders_from_sending_twice(
    world: NotifyWorld, services: Services, second: Services, clock: FakeClock
) -> None:
    """Even without the channel lock (both think they lead), SKIP LOCKED claims and leases
    hand every row to exactly one sender."""
    await families(world, services)
    await services.sweeps.run_due()
    deliveries = [RecordingDelivery(clock), RecordingDelivery(clock)]
    pair = [senders(s, clock, d) for s, d in zip((services, second), deliveries, strict=True)]
    for sender in pair:
        sender._leadership = always_leading
        sender._batch = 7  # many small claims, so the two interleave
    await asyncio.gather(*(s.drain() for s in pair))

    sent = [s.envelope.outbox_id for d in deliveries for s in d.sent]
    assert len(sent) == len(set(sent)) == PLACES
    assert all(d.sent for d in deliveries), "both senders took part"
    clock.advance(seconds=timedelta(minutes=10).total_seconds())
    await asyncio.gather(*(s.drain() for s in pair))
    assert sum(len(d.sent) for d in deliveries) == PLACES
