"""Who is told of an R8 free-choice place, and in which order (services/alerts.py): every parent
who asked, once per place whatever number of their applications asked, only for the
kindergartens they chose and only while waiting; written to the outbox in a shuffled order (the
order it is sent in), never the order of the ids."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.wiring import DEFAULT_CHANNELS, Services
from domain.enums import ApplicationStatus
from domain.notices import Notice
from services.allocation import AllocationService
from services.errors import NotInYourQueue, NotYourApplication, TooManyKindergartens
from services.notices import Postbox
from storage.models import OutboxMessage
from tests.fakes.clock import FakeClock, almaty
from tests.scenario import Scenario, new_iin


async def free_choice_rows(services: Services) -> list[int]:
    """The application ids of the free-choice alerts, in the outbox's (sending) order."""
    async with services.uow.read() as uow:
        rows = await uow.session.execute(
            select(OutboxMessage.application_id)
            .where(OutboxMessage.event == "free_choice")
            .order_by(OutboxMessage.id)
        )
        return [int(application_id or 0) for (application_id,) in rows]


async def subscribed_world(services: Services) -> list[int]:
    scenario = Scenario(services)
    await scenario.district("D1", "Q1")
    await scenario.kindergarten("KG1", "D1", languages="kk")
    await scenario.kindergarten("KG2", "D1", languages="kk")
    await scenario.application(  # the first in the queue: the place is reserved for it (R6)
        submitted="2022-04-01T09:00:00", applicant=new_iin(date(1980, 1, 1))
    )
    parents = [new_iin(date(1985, 1, day)) for day in range(1, 13)]
    ids = []
    for index, parent in enumerate(parents):
        number = await scenario.application(
            submitted=f"2022-05-{index + 1:02d}T09:00:00", applicant=parent
        )
        ids.append(await scenario.application_id(number))
    twin = await scenario.application(submitted="2022-06-01T09:00:00", applicant=parents[0])
    chooser = await scenario.application(
        submitted="2022-06-02T09:00:00", applicant=new_iin(date(1986, 2, 2))
    )
    await scenario.places("KG1", 2022, "kk", 1)
    for parent, application_id in zip(parents, ids, strict=True):
        await services.alerts.every_kindergarten(parent, application_id)
    await services.alerts.every_kindergarten(parents[0], await scenario.application_id(twin))
    chooser_id = await scenario.application_id(chooser)
    chooser_parent = (await services.applications.status(chooser)).application.applicant_iin
    kg2 = await scenario.kindergarten_id("KG2")
    await services.alerts.toggle(chooser_parent, chooser_id, kg2)  # KG2 only: not this place
    return ids


async def test_every_parent_who_asked_once_in_the_shuffled_order(
    services: Services, clock: FakeClock
) -> None:
    ids = await subscribed_world(services)
    clock.set(almaty(2026, 4, 10, 10, 0))  # the holder's 3 working days ended (R8)

    def reverse(notices: list[Notice]) -> None:
        notices.reverse()

    allocation = AllocationService(
        services.uow, clock, services.calendar, Postbox(DEFAULT_CHANNELS), shuffle=reverse
    )
    assert await allocation.expire_offers() == 1
    # One per parent (the twin's application is not told again), not the chooser of KG2 only,
    # not the holder who let it go; in the order the shuffle gave, not by id.
    assert await free_choice_rows(services) == ids[::-1]


async def test_the_default_order_is_random_and_waiting_applications_only(
    services: Services, clock: FakeClock
) -> None:
    ids = await subscribed_world(services)
    async with services.uow() as uow:  # one subscriber's application left the queue
        await uow.applications.move(
            ids[5],
            expected=(ApplicationStatus.IN_QUEUE,),
            to=ApplicationStatus.REMOVED,
            now=clock.now(),
        )
        await uow.commit()
    clock.set(almaty(2026, 4, 10, 10, 0))
    await services.sweeps.run_due()
    told = await free_choice_rows(services)
    assert sorted(told) == [i for i in ids if i != ids[5]]
    assert told != sorted(told)  # 11 alerts in id order by chance: 1 in 39,916,800


async def test_up_to_five_chosen_kindergartens_of_the_pool(services: Services) -> None:
    scenario = Scenario(services)
    await scenario.district("D1", "Q1")
    await scenario.district("D2", "Q2")
    for index in range(1, 7):
        await scenario.kindergarten(f"KG{index}", "D1", languages="kk")
    await scenario.kindergarten("KG9", "D2", languages="kk")  # another queue's
    parent = new_iin(date(1985, 3, 3))
    application_id = await scenario.application_id(await scenario.application(applicant=parent))
    chosen = [await scenario.kindergarten_id(f"KG{index}") for index in range(1, 7)]
    for kindergarten_id in chosen[:5]:
        setting = await services.alerts.toggle(parent, application_id, kindergarten_id)
    assert setting.chosen == chosen[:5]
    with pytest.raises(TooManyKindergartens):
        await services.alerts.toggle(parent, application_id, chosen[5])
    with pytest.raises(NotInYourQueue):  # a forged button: not a kindergarten of the pool
        await services.alerts.toggle(parent, application_id, await scenario.kindergarten_id("KG9"))
    with pytest.raises(NotYourApplication):
        await services.alerts.toggle(new_iin(date(1970, 1, 1)), application_id, chosen[0])
    setting = await services.alerts.toggle(parent, application_id, chosen[0])  # out again
    assert setting.chosen == chosen[1:5]
    assert (await services.alerts.off(parent, application_id)).chosen is None
