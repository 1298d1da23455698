from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiogram import Bot, Dispatcher

from bot.app import build_dispatcher
from bot.i18n import Catalogs
from bot.wiring import Services, build_services
from services.calendar import WorkCalendar
from services.eds import EdsService
from services.eds.demo_pki import DemoPki
from storage.db import Database
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingSession
from tests.flows.driver import ChatDriver
from tests.pki import DEMO_NOW, HOLDER, STRANGER
from tests.scenario import Scenario

PARENT_USER, STRANGER_USER = 101, 202


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    return Catalogs()


@dataclass
class ChatWorld:
    services: Services
    dispatcher: Dispatcher
    bot: Bot
    session: RecordingSession
    scenario: Scenario
    clock: FakeClock
    pki: DemoPki
    numbers: dict[str, str]

    def driver(self, user_id: int = PARENT_USER, language_code: str = "ru") -> ChatDriver:
        return ChatDriver(
            self.dispatcher, self.bot, self.session, user_id, language_code=language_code
        )


async def link(code: str) -> str:
    return f"https://t.me/kindergarten_test_bot?start=v_{code}"


@pytest.fixture
async def world(
    database: Database, demo_pki: DemoPki, demo_eds: EdsService, catalogs: Catalogs
) -> AsyncIterator[ChatWorld]:
    clock = FakeClock(DEMO_NOW)
    services = build_services(
        database, clock, WorkCalendar(), demo_eds, catalogs=catalogs, verification_link=link
    )
    scenario = Scenario(services)
    await scenario.district("D1", "Q1")
    await scenario.kindergarten("KG1", "D1", languages="kk")
    await scenario.kindergarten("KG2", "D1", languages="ru")
    numbers = {
        "mine": await scenario.application(applicant=HOLDER.iin, submitted="2022-04-01T09:00:00"),
        "mine_waiting": await scenario.application(
            applicant=HOLDER.iin, submitted="2022-09-01T09:00:00"
        ),
        "strangers": await scenario.application(
            applicant=STRANGER.iin, submitted="2022-05-01T09:00:00"
        ),
    }
    await scenario.places("KG1", 2022, "kk", 1)
    await scenario.places("KG2", 2022, "ru", 1)
    await services.sweeps.run_due()
    session = RecordingSession()
    bot = Bot("42:TEST", session=session)
    dispatcher = build_dispatcher(services)
    yield ChatWorld(services, dispatcher, bot, session, scenario, clock, demo_pki, numbers)
    await dispatcher.storage.close()


from tests.flows.egov_world import egov_world  # noqa: E402, F401 - the eGov Mobile flow tests
from tests.flows.staff_world import staff_world  # noqa: E402, F401 - a fixture for the staff tests
