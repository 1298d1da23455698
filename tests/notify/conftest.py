from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.wiring import Services, build_sender
from services.eds import Person
from services.notifications.sender import OutboxSender
from tests.fakes.clock import FakeClock, FakeSleep
from tests.fakes.delivery import RecordingDelivery
from tests.scenario import PARENT, Scenario, new_iin

CHAT = 700_001


class NotifyWorld(Scenario):
    async def child(self, surname: str, name: str, born: date, parent: str = PARENT) -> str:
        iin = new_iin(born)
        await self.csv(
            "children",
            "iin,surname,name,patronymic,parent_iins,enrolled_kindergarten_code\n"
            f"{iin},{surname},{name},,{parent},\n",
        )
        return iin

    async def parent_chat(self, chat_id: int, iin: str = PARENT, locale: str = "kk") -> None:
        """The parent logged in to the bot from this chat (their notices come here)."""
        now = self.services.clock.now()
        person = Person(
            iin, "ТЕСТОВА", "АЙГҮЛ", "", "01", now - timedelta(days=1), now + timedelta(days=300)
        )
        await self.services.accounts.set_locale(chat_id, locale)
        await self.services.accounts.log_in(chat_id, person)

    async def outbox(self) -> list[tuple[str, str, datetime, str]]:
        """(event, channel, send-at, status) of every outbox row, in id order."""
        from sqlalchemy import select

        from storage.models import OutboxMessage

        async with self.services.uow.read() as uow:
            rows = await uow.session.execute(
                select(
                    OutboxMessage.event,
                    OutboxMessage.channel,
                    OutboxMessage.next_attempt_at,
                    OutboxMessage.status,
                ).order_by(OutboxMessage.id)
            )
            return [tuple(r) for r in rows]  # type: ignore[misc]


@pytest.fixture
async def world(services: Services) -> NotifyWorld:
    scenario = NotifyWorld(services)
    await scenario.district("D1", "Q1")
    await scenario.kindergarten("KG1", "D1")
    return scenario


@pytest.fixture
def sleep(clock: FakeClock) -> FakeSleep:
    return FakeSleep(clock)


@pytest.fixture
def delivery(clock: FakeClock) -> RecordingDelivery:
    return RecordingDelivery(clock)


@pytest.fixture
def sender(services: Services, delivery: RecordingDelivery, sleep: FakeSleep) -> OutboxSender:
    return build_sender(services, delivery, sleep, per_second=25)
