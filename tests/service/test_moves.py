"""The causes of a move (services/moves.py), counted from the audit log and the queue: only
applications ahead in the queue's order (R6) count, each once; the parent's last view is written
only when the place changed."""

from __future__ import annotations

from datetime import timedelta

from bot.wiring import Services
from domain.audit import Actor, AuditRecord, Change
from domain.dto import Position
from domain.enums import ApplicationStatus, AuditEntity
from domain.queue_order import Ahead
from services.moves import Move, MoveService
from tests.fakes.clock import FakeClock
from tests.scenario import PARENT, Scenario


async def test_what_left_ahead_counts_and_what_behind_does_not(
    services: Services, clock: FakeClock
) -> None:
    scenario = Scenario(services)
    await scenario.district("D1", "Q1", ratio="1:3")
    ahead = await scenario.application(submitted="2023-01-10T09:00:00")
    first_later = await scenario.application(submitted="2023-05-01T09:00:00", benefit="first")
    mine = await scenario.application(submitted="2023-02-10T09:00:00")
    behind = await scenario.application(submitted="2023-03-10T09:00:00")
    application = (await services.applications.status(mine)).application
    moves = MoveService(services.uow, clock)

    assert await moves.seen(PARENT, application, Position(3, Ahead(0, 1, 1))) is None  # first
    assert await moves.seen(PARENT, application, Position(3, Ahead(0, 1, 1))) is None  # same
    seen_at = clock.now()
    clock.advance(hours=1)
    async with services.uow() as uow:
        for number in (ahead, first_later, behind, ahead):  # `ahead` twice: counted once
            moved = (await services.applications.status(number)).application
            await uow.audit.add(
                AuditRecord(
                    at=clock.now(),
                    actor=Actor.administrator("admin"),
                    action="removed",
                    change=Change(
                        AuditEntity.APPLICATION,
                        moved.id,
                        ApplicationStatus.IN_QUEUE,
                        ApplicationStatus.REMOVED,
                    ),
                    application_id=moved.id,
                )
            )
        await uow.commit()
    clock.advance(minutes=1)
    move = await moves.seen(PARENT, application, Position(1, Ahead(0, 0, 0)))
    # The first-priority one stands ahead of a general one whatever its date (R6's categories).
    assert move == Move(seen_at, 3, 1, given=0, left=2, added=0)
    assert move.since == seen_at and seen_at + timedelta(hours=1) < clock.now()
