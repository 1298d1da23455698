"""Issue 6: the services check roles and scopes themselves, whatever the chat's filters did —
on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.wiring import Services
from domain.enums import Language
from services.errors import DomainError, NoRole, OutOfScope
from services.staff.roles import Staffer
from storage.models import AuditEntry, OutboxMessage, Place, StaffRole
from tests.scenario import Scenario


@pytest.fixture
async def city(services: Services) -> Scenario:
    scenario = Scenario(services)
    await scenario.district("D1", "Q1")
    await scenario.district("D2", "Q2")
    await scenario.kindergarten("KG1", "D1")
    await scenario.kindergarten("KG9", "D2")
    await scenario.application(number="D1-1")
    await scenario.application(number="D2-1", district="D2")
    return scenario


async def _counts(services: Services) -> list[int]:
    async with services.uow.read() as uow:
        return [
            int((await uow.session.execute(select(func.count()).select_from(m))).scalar_one())
            for m in (StaffRole, AuditEntry, Place, OutboxMessage)
        ]


async def _district(services: Services, code: str) -> int:
    async with services.uow.read() as uow:
        return (await uow.districts.by_code())[code].id


Call = Callable[[Services, Staffer, Scenario], Awaitable[Any]]

CALLS: dict[str, Call] = {
    "grant": lambda s, who, _: s.roles.grant_staff(who, 5, "KG1"),
    "revoke": lambda s, who, _: s.roles.revoke(who, 5),
    "publish": lambda s, who, c: _publish(s, who, c, "KG9"),
    "find": lambda s, who, _: s.applications_desk.find(who, "D2-1"),
    "card": lambda s, who, c: _with_id(c, "D2-1", lambda i: s.applications_desk.card(who, i)),
    "lift": lambda s, who, c: _with_id(
        c, "D2-1", lambda i: s.applications_desk.lift_stop_list(who, i, "a long enough reason")
    ),
    "export": lambda s, who, _: s.reports.export(who, "D2"),
    "stats": lambda s, who, _: s.reports.statistics(who, "D2"),
    "broadcast": lambda s, who, _: s.broadcasts.send(who, "hello"),
    "arrival": lambda s, who, _: s.kindergarten_desk.record_arrival(who, "R-1"),
    "import": lambda s, who, _: s.import_desk.run(
        who, "places.csv", b"kindergarten_code,group_year,language,count\nKG9,2022,kk,1\n"
    ),
}


async def _publish(services: Services, who: Staffer, city: Scenario, code: str) -> Any:
    kindergarten = await city.kindergarten_id(code)
    return await services.places_desk.publish(who, kindergarten, 2022, Language.KK, 1)


async def _with_id(city: Scenario, number: str, call: Callable[[int], Awaitable[Any]]) -> Any:
    return await call(await city.application_id(number))


@pytest.mark.parametrize("name", sorted(CALLS))
async def test_no_role_no_change(services: Services, city: Scenario, name: str) -> None:
    before = await _counts(services)
    nobody = Staffer(777)
    with pytest.raises(NoRole):
        await CALLS[name](services, nobody, city)
    assert await _counts(services) == before


@pytest.mark.parametrize("name", ["publish", "find", "card", "lift", "export", "stats", "import"])
async def test_another_districts_administrator_is_out_of_scope(
    services: Services, city: Scenario, name: str
) -> None:
    admin_d1 = Staffer(778, district_ids=frozenset({await _district(services, "D1")}))
    before = await _counts(services)
    with pytest.raises(DomainError) as refused:
        await CALLS[name](services, admin_d1, city)
    if name == "import":
        assert refused.value.params == {"problem": "row_out_of_scope", "line": 2, "value": "KG9"}
    else:
        assert isinstance(refused.value, OutOfScope)
    assert await _counts(services) == before


async def test_a_superadministrator_reaches_every_district(
    services: Services, city: Scenario
) -> None:
    boss = Staffer(1, superadmin=True)
    await _publish(services, boss, city, "KG9")
    found = await services.applications_desk.find(boss, "D2-1")
    assert [s.number for s in found] == ["D2-1"]
    assert (await services.reports.export(boss)).rows == 2
