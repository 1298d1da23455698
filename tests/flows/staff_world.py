"""A city with two districts, their kindergartens, applications, and people with every role:
what the staff and administrator flow tests stand on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

import pytest
from aiogram import Bot, Dispatcher
from sqlalchemy import func, select

from bot.app import build_dispatcher
from bot.i18n import Catalogs
from bot.wiring import Services, build_services
from services.calendar import WorkCalendar
from services.staff.roles import Staffer
from storage.db import Database
from storage.models import AuditEntry, Place, StaffRole
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingSession
from tests.flows.driver import ChatDriver
from tests.pki import DEMO_NOW
from tests.scenario import OTHER_PARENT, PARENT, Scenario, new_iin

SUPERADMIN, ADMIN_D1, STAFF_KG1, ADMIN_D2, STAFF_KG9, NOBODY = 900, 901, 902, 903, 904, 101


@dataclass
class StaffWorld:
    services: Services
    dispatcher: Dispatcher
    bot: Bot
    session: RecordingSession
    scenario: Scenario
    clock: FakeClock
    numbers: dict[str, str]
    child_iins: dict[str, str]

    def driver(self, user_id: int, language_code: str = "ru") -> ChatDriver:
        return ChatDriver(
            self.dispatcher, self.bot, self.session, user_id, language_code=language_code
        )

    async def speaker(self, user_id: int, locale: str) -> ChatDriver:
        """A chat whose language was chosen (the bot answers in it)."""
        await self.services.accounts.set_locale(user_id, locale)
        return self.driver(user_id, language_code=locale)

    async def count(self, model: type) -> int:
        async with self.services.uow.read() as uow:
            return int(
                (await uow.session.execute(select(func.count()).select_from(model))).scalar_one()
            )

    async def counts(self) -> tuple[int, int, int]:
        """Roles, audit entries and places: what a refused command must leave as it was."""
        return (await self.count(StaffRole), await self.count(AuditEntry), await self.count(Place))


async def _child(scenario: Scenario, surname: str, name: str, born: date, parent: str) -> str:
    iin = new_iin(born)
    await scenario.csv(
        "children",
        "iin,surname,name,patronymic,parent_iins,enrolled_kindergarten_code\n"
        f"{iin},{surname},{name},,{parent},\n",
    )
    return iin


@pytest.fixture
async def staff_world(database: Database, catalogs: Catalogs) -> AsyncIterator[StaffWorld]:
    clock = FakeClock(DEMO_NOW)
    services = build_services(
        database, clock, WorkCalendar(), catalogs=catalogs, superadmins=frozenset({SUPERADMIN})
    )
    scenario = Scenario(services)
    await scenario.district("D1", "Q1")
    await scenario.district("D2", "Q2")
    await scenario.kindergarten("KG1", "D1", languages="kk+ru")
    await scenario.kindergarten("KG2", "D1", languages="ru")
    await scenario.kindergarten("KG9", "D2", languages="kk+ru")
    children = {
        "d1": await _child(scenario, "Серікова", "Аружан", date(2022, 3, 1), PARENT),
        "d1_benefit": await _child(scenario, "Омаров", "Нұрлан", date(2022, 5, 1), PARENT),
        "d2": await _child(scenario, "Ахметов", "Ерлан", date(2022, 2, 1), OTHER_PARENT),
    }
    numbers = {
        "d1": await scenario.application(
            child_iin=children["d1"], submitted="2022-04-01T09:00:00", number="D1-0001"
        ),
        "d1_benefit": await scenario.application(
            child_iin=children["d1_benefit"],
            submitted="2022-06-01T09:00:00",
            benefit="first",
            number="D1-0002",
        ),
        "d2": await scenario.application(
            child_iin=children["d2"],
            applicant=OTHER_PARENT,
            district="D2",
            submitted="2022-03-01T09:00:00",
            number="D2-0001",
        ),
    }
    boss = Staffer(SUPERADMIN, superadmin=True)
    await services.roles.grant_district_admin(boss, ADMIN_D1, ["D1"])
    await services.roles.grant_district_admin(boss, ADMIN_D2, ["D2"])
    await services.roles.grant_staff(boss, STAFF_KG1, "KG1")
    await services.roles.grant_staff(boss, STAFF_KG9, "KG9")
    session = RecordingSession()
    bot = Bot("42:TEST", session=session)
    dispatcher = build_dispatcher(services)
    yield StaffWorld(services, dispatcher, bot, session, scenario, clock, numbers, children)
    await dispatcher.storage.close()
