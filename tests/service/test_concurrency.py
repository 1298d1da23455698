"""R10: the place is taken atomically — fifty parents, one last place, one referral."""

from __future__ import annotations

import asyncio
from datetime import date

from bot.wiring import Services
from domain.enums import Language
from services.errors import PlaceNoLongerFree
from tests.fakes.clock import FakeClock, almaty
from tests.scenario import Scenario, new_iin, signature_for

TAKERS = 50


async def test_fifty_concurrent_takers_of_the_last_place_get_one_winner(
    services: Services, clock: FakeClock
) -> None:
    world = Scenario(services)
    await world.district("D1", "Q1")
    await world.kindergarten("KG1", "D1")
    parents = [new_iin(date(1990, 1, 1), male=False) for _ in range(TAKERS + 1)]
    holder = await world.application(applicant=parents[0], submitted="2022-04-01T09:00:00")
    numbers = [
        await world.application(applicant=parent, submitted=f"2022-05-01T09:{minute:02d}:00")
        for minute, parent in enumerate(parents[1:])
    ]
    await world.places("KG1", 2022, "kk", 1)
    await services.sweeps.run_due()
    clock.set(almaty(2026, 4, 10, 9, 0))  # R8: the holder's window is over → a free-choice place
    assert (await services.sweeps.run_due()).offers_expired == 1
    kg1 = await world.kindergarten_id("KG1")
    requests = [
        (
            await services.requests.prepare(
                application_id=await world.application_id(number),
                kindergarten_id=kg1,
                language=Language.KK,
                parent_iin=parent,
            )
        ).request
        for number, parent in zip(numbers, parents[1:], strict=True)
    ]

    results = await asyncio.gather(
        *(services.issuer.issue(r, signature_for(r)) for r in requests), return_exceptions=True
    )

    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1
    assert len(losers) == TAKERS - 1 and all(isinstance(e, PlaceNoLongerFree) for e in losers)
    statuses = [(await world.status(n))["status"] for n in numbers]
    assert statuses.count("referral_issued") == 1 and statuses.count("in_queue") == TAKERS - 1
    assert (await world.status(holder))["status"] == "in_queue"
    async with services.uow.read() as uow:
        referrals = [await uow.referrals.latest_for(await world.application_id(n)) for n in numbers]
        assert sum(r is not None for r in referrals) == 1
