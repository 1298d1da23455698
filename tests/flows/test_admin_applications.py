"""A district administrator finds an application, reads its card and audit trail, and lifts a
stop-list (R12) or restores a removed application (R13) only with a written reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from domain.enums import ApplicationStatus
from handlers.callbacks import AdminAction, AdminAppCb
from storage.models import Application, AuditEntry, OutboxMessage
from tests.flows.staff_world import ADMIN_D1, ADMIN_D2, NOBODY, StaffWorld


async def _stop_listed(world: StaffWorld) -> int:
    """D1-0001 gets a referral, the child does not come, the sweep lapses it (R12)."""
    await world.scenario.places("KG1", 2022, "kk", 2)  # the first-priority one takes one
    await world.services.sweeps.run_due()
    referral = await world.scenario.sign(world.numbers["d1"], "KG1")
    world.clock.set(referral.lapses_at + timedelta(minutes=1))
    await world.services.sweeps.run_due()
    status = await world.scenario.status(world.numbers["d1"])
    assert status["status"] == ApplicationStatus.STOP_LISTED
    return await world.scenario.application_id(world.numbers["d1"])


@pytest.mark.parametrize(("locale", "status_word"), [("ru", "В очереди"), ("kk", "Кезекте")])
async def test_find_by_number_and_by_child_iin(
    staff_world: StaffWorld, locale: str, status_word: str
) -> None:
    admin = await staff_world.speaker(ADMIN_D1, locale)
    card = await admin.send(f"/find {staff_world.numbers['d1']}")
    assert staff_world.numbers["d1"] in card.text and status_word in card.text
    assert "Серікова" in card.text
    by_iin = await admin.send(f"/find {staff_world.child_iins['d1_benefit']}")
    assert staff_world.numbers["d1_benefit"] in by_iin.text


@pytest.mark.parametrize(
    ("locale", "refusal"),
    [("ru", "вне районов"), ("kk", "жауап беретін аудандарға")],
)
async def test_another_districts_application_does_not_leak(
    staff_world: StaffWorld, locale: str, refusal: str
) -> None:
    admin = await staff_world.speaker(ADMIN_D1, locale)
    d2 = staff_world.numbers["d2"]
    reply = await admin.send(f"/find {d2}")
    assert refusal in reply.text and "Ахметов" not in reply.text
    d2_id = await staff_world.scenario.application_id(d2)
    for action in ("open", "trail", "lift", "restore"):
        forged = await admin.press(AdminAppCb(action=AdminAction(action), id=d2_id).pack())
        assert refusal in forged.text, action
        assert "Ахметов" not in forged.text and d2 not in forged.text
    missing = await admin.press(AdminAppCb(action=AdminAction("open"), id=999_999).pack())
    assert missing.answered_callbacks == 1 and d2 not in missing.text


async def test_unknown_number_and_missing_argument(staff_world: StaffWorld) -> None:
    admin = await staff_world.speaker(ADMIN_D1, "ru")
    assert (
        "Нет заявления с номером или ИИН ребёнка «NO-SUCH»"
        in (await admin.send("/find NO-SUCH")).text
    )
    assert "/find 2026-000123" in (await admin.send("/find")).text


async def test_trail_shows_every_event_with_its_actor(staff_world: StaffWorld) -> None:
    application_id = await _stop_listed(staff_world)
    admin = await staff_world.speaker(ADMIN_D1, "ru")
    card = await admin.send(f"/find {staff_world.numbers['d1']}")
    trail = await admin.press(card.button("Журнал изменений"))
    lines = trail.text.splitlines()
    assert lines[0] == "Журнал изменений:"
    assert any("автоматически" in line and "Уведомление отправлено" in line for line in lines)
    assert any("родитель" in line and "Направление выдано" in line for line in lines)
    assert any("В стоп-листе" in line for line in lines)
    assert any("подошла очередь, предложено место" in line for line in lines)
    assert "_" not in trail.text  # no internal action code reaches the reader
    async with staff_world.services.uow.read() as uow:
        events = await uow.audit.of_application(application_id)
    assert len(lines) == 1 + len(events)


@pytest.mark.parametrize(
    ("locale", "button", "lifted"),
    [
        ("ru", "Снять из стоп-листа", "Стоп-лист снят"),
        ("kk", "Стоп-тізімнен шығару", "Стоп-тізім алынды"),
    ],
)
async def test_lifting_a_stop_list_needs_a_reason_and_tells_the_parent(
    staff_world: StaffWorld, locale: str, button: str, lifted: str
) -> None:
    application_id = await _stop_listed(staff_world)
    admin = await staff_world.speaker(ADMIN_D1, locale)
    card = await admin.send(f"/find {staff_world.numbers['d1']}")
    asked = await admin.press(card.button(button))
    assert staff_world.numbers["d1"] in asked.text
    short = await admin.send("ok")
    assert (await staff_world.scenario.status(staff_world.numbers["d1"]))[
        "status"
    ] == ApplicationStatus.STOP_LISTED
    assert short.text  # asked again for a real reason
    done = await admin.send("Ребёнок болел, справка № 15 от 06.04")
    assert lifted in done.text
    status = await staff_world.scenario.status(staff_world.numbers["d1"])
    assert status["status"] == ApplicationStatus.IN_QUEUE and status["stop_listed_until"] is None
    async with staff_world.services.uow.read() as uow:
        last = (await uow.audit.of_application(application_id))[-1]
        notices = (
            (
                await uow.session.execute(
                    select(OutboxMessage.event).where(
                        OutboxMessage.application_id == application_id
                    )
                )
            )
            .scalars()
            .all()
        )
    assert (last.action, last.actor_id, last.details) == (
        "stop_list_lifted",
        f"tg:{ADMIN_D1}",
        {"reason": "Ребёнок болел, справка № 15 от 06.04"},
    )
    assert notices.count("stop_list_over") == 1
    # The scheduler's own end of that stop-list later finds nothing to do and tells nobody twice.
    staff_world.clock.advance(days=30)
    await staff_world.services.sweeps.run_due()
    async with staff_world.services.uow.read() as uow:
        again = (
            (
                await uow.session.execute(
                    select(OutboxMessage.event).where(
                        OutboxMessage.application_id == application_id
                    )
                )
            )
            .scalars()
            .all()
        )
    assert again.count("stop_list_over") == 1


async def test_restoring_a_removed_application(staff_world: StaffWorld) -> None:
    number = staff_world.numbers["d1_benefit"]
    application_id = await staff_world.scenario.application_id(number)
    async with staff_world.services.uow() as uow:  # R13 happened earlier (two lapses)
        await uow.session.execute(
            update(Application)
            .where(Application.id == application_id)
            .values(status=ApplicationStatus.REMOVED, misses=2)
        )
        await uow.commit()
    admin = await staff_world.speaker(ADMIN_D1, "kk")
    card = await admin.send(f"/find {number}")
    assert "Стоп-тізімнен шығару" not in str(card.inline_buttons)
    await admin.press(card.button("Кезекке қалпына келтіру"))
    done = await admin.send("Аудандық комиссияның 12-шешімі")
    assert "қалпына келтірілді" in done.text
    status = await staff_world.scenario.status(number)
    assert status["status"] == ApplicationStatus.IN_QUEUE
    # The old button pressed again: the application is no longer removed, nothing changes.
    before = await staff_world.count(AuditEntry)
    await admin.press(card.button("Кезекке қалпына келтіру"))
    refused = await admin.send("Тағы бір рет басылды")
    assert "мәртебесі — «Кезекте»" in refused.text
    assert "/help" in (await admin.send("Тағы да")).text  # the reason step is over
    assert await staff_world.count(AuditEntry) == before


async def test_a_parent_forging_admin_buttons_gets_nothing(staff_world: StaffWorld) -> None:
    before = await staff_world.count(AuditEntry)
    parent = await staff_world.speaker(NOBODY, "ru")
    d1_id = await staff_world.scenario.application_id(staff_world.numbers["d1"])
    for action in ("open", "trail", "lift", "restore"):
        reply = await parent.press(AdminAppCb(action=AdminAction(action), id=d1_id).pack())
        assert reply.answered_callbacks == 1
        assert staff_world.numbers["d1"] not in reply.text and "Серікова" not in reply.text
    assert await staff_world.count(AuditEntry) == before


async def test_an_administrator_of_two_districts_sees_both(staff_world: StaffWorld) -> None:
    other = await staff_world.speaker(ADMIN_D2, "ru")
    assert "Ахметов" in (await other.send(f"/find {staff_world.numbers['d2']}")).text
    assert "вне районов" in (await other.send(f"/find {staff_world.numbers['d1']}")).text
