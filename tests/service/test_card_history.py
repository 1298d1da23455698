"""R3: the card shows the history of the application's status changes — the latest entries,
oldest first, with their moments — read in the card's one statement on both databases."""

from __future__ import annotations

from datetime import UTC, timedelta

from bot.wiring import Services
from domain.audit import Actor, AuditRecord, Change
from domain.enums import AuditEntity
from services.cards import HISTORY_LIMIT
from tests.fakes.clock import FakeClock
from tests.scenario import PARENT, Scenario


async def test_the_card_shows_the_latest_changes_oldest_first(
    services: Services, clock: FakeClock
) -> None:
    world = Scenario(services)
    await world.district("D1", "Q1")
    number = await world.application()
    application_id = await world.application_id(number)
    start = clock.now()
    # More entries than the card shows, written out of order, two at the same moment.
    moments = [start + timedelta(minutes=m) for m in (5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 10)]
    async with services.uow() as uow:
        for step, at in enumerate(moments):
            await uow.audit.add(
                AuditRecord(
                    at=at,
                    actor=Actor.scheduler(),
                    action=f"step{step}",
                    change=Change(AuditEntity.APPLICATION, application_id, None, f"s{step}"),
                    application_id=application_id,
                )
            )
        await uow.commit()

    card = await services.journal.card(PARENT, application_id)

    shown = [(entry.at, entry.action, entry.to_state) for entry in card.history]
    assert len(shown) == HISTORY_LIMIT
    # The latest ones, oldest first; of two at one moment, the one written last comes last.
    assert [action for _, action, _ in shown][-3:] == ["step2", "step9", "step10"]
    assert [at for at, _, _ in shown] == sorted(at for at, _, _ in shown)
    assert shown[-1][0] == start.astimezone(UTC) + timedelta(minutes=10)
    assert shown[-1][0].tzinfo is not None
    assert card.history[-1].actor == "scheduler"
