"""A district administrator's broadcast: preview, confirmation, the outbox, Telegram's pace,
and only the parents of the administrator's districts (issue 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.wiring import build_sender
from services.eds import Person
from storage.models import AuditEntry, OutboxMessage
from tests.fakes.clock import FakeSleep
from tests.fakes.delivery import RecordingDelivery
from tests.flows.staff_world import ADMIN_D1, NOBODY, StaffWorld
from tests.scenario import OTHER_PARENT, PARENT

PARENT_CHAT, OTHER_CHAT = 7001, 7002
MESSAGE = (
    "Құрметті ата-аналар! 1 желтоқсанда балабақшалар жұмыс істемейді. / 1 декабря сады закрыты."
)


async def _log_in(world: StaffWorld, chat: int, iin: str, locale: str) -> None:
    now = world.clock.now()
    person = Person(
        iin, "ТЕСТОВА", "АЙГҮЛ", "", "01", now - timedelta(days=1), now + timedelta(days=9)
    )
    await world.services.accounts.set_locale(chat, locale)
    await world.services.accounts.log_in(chat, person)


async def _rows(world: StaffWorld) -> list[tuple[int | None, str]]:
    async with world.services.uow.read() as uow:
        result = await uow.session.execute(
            select(OutboxMessage.application_id, OutboxMessage.status)
            .where(OutboxMessage.event == "broadcast")
            .order_by(OutboxMessage.id)
        )
        return [tuple(r) for r in result]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("locale", "preview", "send"),
    [("ru", "получат родители: 1", "Отправить"), ("kk", "ата-аналар: 1", "Жіберу")],
)
async def test_broadcast_reaches_the_parents_of_the_scope_once(
    staff_world: StaffWorld, locale: str, preview: str, send: str
) -> None:
    await _log_in(staff_world, PARENT_CHAT, PARENT, "kk")
    await _log_in(staff_world, OTHER_CHAT, OTHER_PARENT, "ru")  # a D2 parent
    admin = await staff_world.speaker(ADMIN_D1, locale)
    await admin.send("/broadcast")
    shown = await admin.send(MESSAGE)
    assert preview in shown.text and MESSAGE in shown.text
    assert await _rows(staff_world) == []  # nothing before the confirmation

    button = shown.button(send)
    await admin.press(button)
    again = await admin.press(button)  # a double tap queues nothing more
    assert again.answered_callbacks == 1
    # PARENT has two D1 applications but is one parent: one message.
    rows = await _rows(staff_world)
    assert len(rows) == 1

    delivery = RecordingDelivery(staff_world.clock)
    sender = build_sender(
        staff_world.services, delivery, FakeSleep(staff_world.clock), per_second=25
    )
    await sender.drain()
    assert [s.envelope.address for s in delivery.sent] == [str(PARENT_CHAT)]
    assert MESSAGE in delivery.sent[0].envelope.text
    assert delivery.sent[0].envelope.text.startswith("Білім бөлімінің хабарламасы\n\n")
    assert [status for _, status in await _rows(staff_world)] == ["sent"]

    async with staff_world.services.uow.read() as uow:
        audit = (
            await uow.session.execute(
                select(AuditEntry.actor_id, AuditEntry.details).where(
                    AuditEntry.action == "broadcast"
                )
            )
        ).one()
    assert audit == (f"tg:{ADMIN_D1}", {"text": MESSAGE, "recipients": 1})


async def test_broadcast_cancel_empty_and_too_long(staff_world: StaffWorld) -> None:
    admin = await staff_world.speaker(ADMIN_D1, "ru")
    await admin.send("/broadcast")
    assert "текстом" in (await admin.send_photo()).text
    assert "символов" in (await admin.send("я" * 3001)).text
    shown = await admin.send("Собрание родителей в пятницу.")
    cancelled = await admin.press(shown.button("Отмена"))
    assert "ничего не отправлено" in cancelled.text
    assert await _rows(staff_world) == []


async def test_a_parent_cannot_broadcast(staff_world: StaffWorld) -> None:
    parent = await staff_world.speaker(NOBODY, "ru")
    await parent.send("/broadcast")
    await parent.send("Всем привет")
    from handlers.callbacks import BroadcastCb

    reply = await parent.press(BroadcastCb(send=True).pack())
    assert reply.answered_callbacks == 1
    assert await _rows(staff_world) == []
