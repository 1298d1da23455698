"""R5, R6, R8: turns in queue order, free choice after the window."""

from __future__ import annotations

from datetime import date

import pytest

from bot.wiring import Services
from domain.enums import Language
from services.errors import NotEligible, StopListed
from tests.fakes.clock import FakeClock, almaty
from tests.scenario import PARENT, Scenario


@pytest.fixture
async def world(services: Services) -> Scenario:
    scenario = Scenario(services)
    await scenario.district("D1", "Q1")
    await scenario.kindergarten("KG1", "D1")
    await scenario.kindergarten("KG2", "D1", languages="ru")
    return scenario


async def test_places_go_to_the_queue_in_order_out_of_turn_first(
    world: Scenario, services: Services
) -> None:
    general_early = await world.application(submitted="2022-05-01T09:00:00")
    first_late = await world.application(submitted="2023-01-01T09:00:00", benefit="first")
    out_of_turn_latest = await world.application(
        submitted="2024-01-01T09:00:00", benefit="out_of_turn"
    )
    general_late = await world.application(submitted="2023-06-01T09:00:00")
    await world.places("KG1", 2022, "kk", 2)  # R6 at once: the import allocates what it published

    assert (await services.sweeps.run_due()).offers_made == 0  # nothing left for the sweep
    assert (await world.status(out_of_turn_latest))["status"] == "notified"
    assert (await world.status(first_late))["status"] == "notified"
    assert (await world.status(general_early))["status"] == "in_queue"
    assert (await world.status(general_late))["status"] == "in_queue"
    offer = (await world.status(first_late))["offer"]
    # R8: 3 working days after Monday 6 April 2026 → Thursday 9 April, 23:59:59 Almaty
    assert offer == {"kindergarten_code": "KG1", "expires_at": "2026-04-09T23:59:59+05:00"}


async def test_position_and_who_is_ahead(world: Scenario) -> None:
    await world.application(submitted="2022-05-01T09:00:00")
    await world.application(submitted="2022-06-01T09:00:00", benefit="first")
    await world.application(submitted="2022-07-01T09:00:00", benefit="out_of_turn")
    mine = await world.application(submitted="2022-05-15T09:00:00")
    await world.application(submitted="2022-08-01T09:00:00")
    status = await world.status(mine)
    assert status["position"] == 4
    assert status["ahead"] == {"out_of_turn": 1, "first": 1, "none": 1}
    assert status["queue_code"] == "Q1" and status["group_year"] == 2022


async def test_interleave_ratio_one_to_three_continues_between_sweeps(services: Services) -> None:
    world = Scenario(services)
    await world.district("K1", "KQ", "1:3")
    await world.kindergarten("KG9", "K1")
    firsts = [
        await world.application(district="K1", benefit="first", submitted=f"2023-0{m}-01T09:00:00")
        for m in (1, 2, 3)
    ]
    generals = [
        await world.application(district="K1", submitted=f"2022-0{m}-01T09:00:00")
        for m in (4, 5, 6, 7, 8)
    ]
    # expected order: f1 g1 g2 g3 f2 g4 g5 f3
    assert (await world.status(generals[3]))["position"] == 6
    assert (await world.status(generals[3]))["ahead"] == {"out_of_turn": 0, "first": 2, "none": 3}
    assert (await world.status(firsts[1]))["position"] == 5
    assert (await world.status(firsts[1]))["ahead"] == {"out_of_turn": 0, "first": 1, "none": 3}
    assert (await world.status(firsts[2]))["ahead"] == {"out_of_turn": 0, "first": 2, "none": 5}
    served = []
    for _ in range(5):  # places freed one at a time still follow 1:3
        await world.places("KG9", 2022, "kk", 1)
        await services.sweeps.run_due()
        newly = [
            n
            for n in firsts + generals
            if (await world.status(n))["status"] == "notified" and n not in served
        ]
        assert len(newly) == 1
        served.append(newly[0])
    assert served == [firsts[0], generals[0], generals[1], generals[2], firsts[1]]


async def test_children_under_two_keep_their_position_but_get_no_turn(
    world: Scenario, services: Services, clock: FakeClock
) -> None:
    # R5 (a): on 6 April 2026 a child born on 7 April 2024 is still 1
    young = await world.application(born=date(2024, 4, 7), submitted="2024-05-01T09:00:00")
    older = await world.application(born=date(2024, 4, 6), submitted="2024-06-01T09:00:00")
    await world.places("KG1", 2024, "kk", 1)
    await services.sweeps.run_due()
    assert (await world.status(young))["status"] == "in_queue"
    assert (await world.status(young))["position"] == 1
    assert (await world.status(older))["status"] == "notified"
    with pytest.raises(NotEligible) as refused:
        await services.queue.choices(await world.application_id(young), PARENT)
    assert refused.value.reason == "too_young"
    assert refused.value.params["from_date"] == date(2026, 4, 7)
    # the next day the child is 2 and the next place goes to them
    clock.set(almaty(2026, 4, 7, 10))
    await world.places("KG1", 2024, "kk", 1)
    await services.sweeps.run_due()
    assert (await world.status(young))["status"] == "notified"


async def test_a_turn_unused_for_three_working_days_becomes_free_choice(
    world: Scenario, services: Services, clock: FakeClock
) -> None:
    first = await world.application(submitted="2022-05-01T09:00:00")
    second = await world.application(submitted="2022-06-01T09:00:00")
    await world.places("KG1", 2022, "kk", 1)
    await services.sweeps.run_due()
    assert (await world.status(first))["status"] == "notified"
    # R5 (b): the second has no turn and there is no free-choice place yet
    with pytest.raises(NotEligible) as refused:
        await services.queue.choices(await world.application_id(second), PARENT)
    assert refused.value.reason == "no_turn"

    clock.set(almaty(2026, 4, 9, 23, 59, 59))  # the last second of the window
    assert (await services.sweeps.run_due()).offers_expired == 0
    clock.set(almaty(2026, 4, 10, 0, 0, 1))
    report = await services.sweeps.run_due()

    assert report.offers_expired == 1
    assert report.offers_made == 0  # R8: a free-choice place is not a new turn
    assert (await world.status(first))["status"] == "in_queue"  # keeps the place in the queue
    assert (await world.status(first))["position"] == 1
    choices = await services.queue.choices(await world.application_id(second), PARENT)
    assert [(c.kindergarten_code, c.language, c.free_count) for c in choices] == [
        ("KG1", Language.KK, 1)
    ]
    # first come: the second applicant signs and gets it
    referral = await world.sign(second)
    assert referral.kindergarten_id == await world.kindergarten_id("KG1")
    with pytest.raises(NotEligible):
        await services.queue.choices(await world.application_id(first), PARENT)


async def test_a_notified_parent_sees_every_place_of_the_pool(
    world: Scenario, services: Services
) -> None:
    number = await world.application(submitted="2022-05-01T09:00:00")
    await world.application(submitted="2022-06-01T09:00:00")
    await world.places("KG1", 2022, "kk", 1)
    await world.places("KG2", 2022, "ru", 2)
    await services.sweeps.run_due()
    choices = await services.queue.choices(await world.application_id(number), PARENT)
    assert {(c.kindergarten_code, c.language.value, c.free_count) for c in choices} == {
        ("KG1", "kk", 1),
        ("KG2", "ru", 2),
    }
    assert choices[0].name_kk.endswith("балабақшасы") and choices[0].address_ru == "проспект Абая 1"


async def test_sanatorium_places_skip_children_enrolled_elsewhere(
    world: Scenario, services: Services
) -> None:
    # R16
    await world.kindergarten("SAN1", "D1", kind="sanatorium")
    from tests.scenario import new_iin

    enrolled_child = new_iin(date(2021, 2, 2))
    await world.csv(
        "children",
        "iin,surname,name,patronymic,parent_iins,enrolled_kindergarten_code\n"
        f"{enrolled_child},Ахметов,Әли,Маратұлы,{PARENT},KG1\n",
    )
    enrolled = await world.application(
        born=date(2021, 2, 2),
        child_iin=enrolled_child,
        kind="sanatorium",
        submitted="2021-03-01T09:00:00",
    )
    other = await world.application(
        born=date(2021, 5, 5), kind="sanatorium", submitted="2021-06-01T09:00:00"
    )
    await world.places("SAN1", 2021, "kk", 1)
    await services.sweeps.run_due()
    assert (await world.status(enrolled))["status"] == "in_queue"
    assert (await world.status(other))["status"] == "notified"
    with pytest.raises(NotEligible) as refused:
        await services.queue.choices(await world.application_id(enrolled), PARENT)
    assert refused.value.reason == "enrolled_elsewhere"
    # the discharge (exit mark) lifts R16
    from domain.audit import Actor

    await services.staff_actions.record_discharge(
        enrolled_child, await world.kindergarten_id("KG1"), Actor.staff("kg1")
    )
    await world.places("SAN1", 2021, "kk", 1)
    await services.sweeps.run_due()
    assert (await world.status(enrolled))["status"] == "notified"


async def test_ordinary_places_are_not_offered_to_sanatorium_applications(
    world: Scenario, services: Services
) -> None:
    sanatorium = await world.application(kind="sanatorium", submitted="2022-05-01T09:00:00")
    await world.places("KG1", 2022, "kk", 1)
    await services.sweeps.run_due()
    assert (await world.status(sanatorium))["status"] == "in_queue"


async def test_a_stop_listed_application_gets_no_turn(
    world: Scenario, services: Services, clock: FakeClock
) -> None:
    number = await world.application(submitted="2022-05-01T09:00:00")
    later = await world.application(submitted="2022-06-01T09:00:00")
    await world.places("KG1", 2022, "kk", 1)
    await services.sweeps.run_due()
    await world.sign(number)
    clock.set(almaty(2026, 4, 14, 0, 0, 1))  # R12: 5 working days after 6 April end on 13 April
    report = await services.sweeps.run_due()
    assert report.referrals_lapsed == 1
    # the freed place goes to the next in queue, not to the stop-listed one
    assert (await world.status(number))["status"] == "stop_listed"
    assert (await world.status(later))["status"] == "notified"
    with pytest.raises(StopListed):
        await services.queue.choices(await world.application_id(number), PARENT)
