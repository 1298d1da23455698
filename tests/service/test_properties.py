"""Property-based tests of allocation and taking places, on a real database (R5, R6, R8, R10, R12).

For random queues (benefits, submission times, ages, stop-lists, ratios) and random places:
no place is given twice, turns go exactly to the first eligible applications in queue order,
and nobody stop-listed or too young gets a turn or a referral.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.wiring import build_services
from domain.enums import ApplicationStatus, Benefit, OfferStatus, PlaceState, ReferralStatus
from services.calendar import WorkCalendar
from services.errors import DomainError
from storage.models import Offer, Place, Referral
from tests.databases import create_schema, empty_all_tables, open_database
from tests.fakes.clock import FakeClock, almaty
from tests.scenario import Scenario, new_iin, signature_for

TODAY = date(2026, 4, 6)


@dataclass(frozen=True)
class Applicant:
    benefit: Benefit
    minutes_after: int
    too_young: bool
    stop_listed: bool


applicants = st.lists(
    st.builds(
        Applicant,
        benefit=st.sampled_from(list(Benefit)),
        minutes_after=st.integers(0, 10_000),
        too_young=st.booleans(),
        stop_listed=st.booleans(),
    ),
    min_size=1,
    max_size=14,
)
ratios = st.one_of(st.just(""), st.sampled_from(["1:1", "1:3", "2:3"]))


def model_turns(people: list[Applicant], ratio: str) -> list[int]:
    """Who should get a turn, in order, computed without the database and without the queue's
    own arithmetic (domain.queue_order.merge is what is tested): out-of-turn applications first;
    then every eligible first-priority and general application gets the slot it would hold in an
    endless cycle of the ratio (`a:b`: a first-priority slots, then b general ones), and the
    order is the order of the slots. When one category runs out the other's later slots follow
    in their own order, as R6 wants. Strict order (no ratio) puts all first-priority first."""
    eligible = [(i, a) for i, a in enumerate(people) if not a.too_young and not a.stop_listed]
    by = {
        b: [i for _, i in sorted((a.minutes_after, i) for i, a in eligible if a.benefit is b)]
        for b in Benefit
    }
    if not ratio:
        return by[Benefit.OUT_OF_TURN] + by[Benefit.FIRST] + by[Benefit.NONE]
    first, general = map(int, ratio.split(":"))
    period = first + general
    slots = [((n // first) * period + n % first, i) for n, i in enumerate(by[Benefit.FIRST])]
    slots += [
        ((n // general) * period + first + n % general, i) for n, i in enumerate(by[Benefit.NONE])
    ]
    return by[Benefit.OUT_OF_TURN] + [i for _, i in sorted(slots)]


async def scenario_run(
    url: str, people: list[Applicant], places: tuple[int, int], ratio: str, sign_mask: list[bool]
) -> None:
    database = open_database(url)
    if database.is_sqlite:
        await create_schema(database)
    else:
        await empty_all_tables(database)
    clock = FakeClock(almaty(2026, 4, 6, 10))
    services = build_services(database, clock, WorkCalendar())
    world = Scenario(services)
    try:
        await world.district("D1", "Q1", ratio)
        await world.kindergarten("KG1", "D1")
        await world.kindergarten("KG2", "D1")
        numbers = []
        start = datetime(2024, 5, 1, 9, 0)
        for index, person in enumerate(people):
            born = date(2024, 4, 7) if person.too_young else date(2024, 1, 1 + index)
            numbers.append(
                await world.application(
                    born=born,
                    child_iin=new_iin(born),
                    benefit=person.benefit.value,
                    submitted=(
                        start + timedelta(minutes=person.minutes_after, seconds=index)
                    ).strftime("%Y-%m-%dT%H:%M:%S"),
                )
            )
        ids = [await world.application_id(n) for n in numbers]
        async with services.uow() as uow:
            await uow.applications.set_fields(
                [i for i, p in zip(ids, people, strict=True) if p.stop_listed],
                status=ApplicationStatus.STOP_LISTED,
                stop_listed_until=almaty(2026, 6, 1),
            )
            await uow.commit()
        if places[0]:
            await world.places("KG1", 2024, "kk", places[0])
        if places[1]:
            await world.places("KG2", 2024, "ru", places[1])
        await services.sweeps.run_due()

        # turns went to exactly the first eligible applications in queue order
        eligible = model_turns(people, ratio)
        expected = set(eligible[: sum(places)])
        statuses = [(await world.status(n))["status"] for n in numbers]
        notified = {i for i, s in enumerate(statuses) if s == "notified"}
        assert notified == expected

        # every notified parent who wants to signs, for any kindergarten with a place left
        for index in sorted(notified, key=eligible.index):
            if not sign_mask[index % len(sign_mask)]:
                continue
            applicant = (await services.applications.status(numbers[index])).application
            choices = await services.queue.choices(ids[index], applicant.applicant_iin)
            choice = choices[index % len(choices)]
            request = (
                await services.requests.prepare(
                    application_id=ids[index],
                    kindergarten_id=choice.kindergarten_id,
                    language=choice.language,
                    parent_iin=applicant.applicant_iin,
                )
            ).request
            await services.issuer.issue(request, signature_for(request))
        # and nobody stop-listed or too young gets a referral, whatever they try
        for index, person in enumerate(people):
            if person.stop_listed or person.too_young:
                with pytest.raises(DomainError):
                    await world.sign(numbers[index], "KG1", "kk")
        clock.set(almaty(2026, 4, 10, 9))  # R8 windows over
        await services.sweeps.run_due()

        async with database.reader.connect() as connection:
            # no place given twice: one active offer or one live referral per place at most
            offers_per_place = (
                await connection.execute(
                    select(Offer.place_id, func.count())
                    .where(Offer.status == OfferStatus.ACTIVE)
                    .group_by(Offer.place_id)
                )
            ).all()
            assert all(n == 1 for _, n in offers_per_place)
            referrals_per_place = (
                await connection.execute(
                    select(Referral.place_id, func.count())
                    .where(Referral.status.in_([ReferralStatus.ACTIVE, ReferralStatus.ENROLLED]))
                    .group_by(Referral.place_id)
                )
            ).all()
            assert all(n == 1 for _, n in referrals_per_place)
            taken = (
                await connection.execute(
                    select(func.count()).where(Place.state == PlaceState.TAKEN)
                )
            ).scalar_one()
            assert taken == len(referrals_per_place)
            total = (await connection.execute(select(func.count()).select_from(Place))).scalar_one()
            assert total == sum(places)
    finally:
        await database.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=applicants,
    places=st.tuples(st.integers(0, 4), st.integers(0, 3)),
    ratio=ratios,
    sign_mask=st.lists(st.booleans(), min_size=1, max_size=4),
)
def test_allocation_and_taking_invariants(
    backend: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    people: list[Applicant],
    places: tuple[int, int],
    ratio: str,
    sign_mask: list[bool],
) -> None:
    if backend == "sqlite":
        path = tmp_path / "property.db"
        path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite+aiosqlite:///{path}"
    else:
        from tests.databases import pg_url

        url = pg_url(request.getfixturevalue("postgres_database"))
    asyncio.run(scenario_run(url, people, places, ratio, sign_mask))
