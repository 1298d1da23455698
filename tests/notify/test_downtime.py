"""The bot was stopped while three days passed (the fake clock moved): on start every due
transition is applied once, in deadline order across their kinds, and each notification goes
out once; a second start finds nothing to do."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from bot.background import Background
from bot.wiring import Services, build_sender
from storage.leadership import Leadership
from storage.models import AuditEntry
from tests.fakes.clock import FakeClock, FakeSleep, almaty
from tests.fakes.delivery import RecordingDelivery
from tests.notify.conftest import CHAT, NotifyWorld
from tests.scenario import new_iin


async def actions_since(services: Services, moment: datetime) -> list[tuple[str, int | None]]:
    async with services.uow.read() as uow:
        rows = await uow.session.execute(
            select(AuditEntry.action, AuditEntry.application_id)
            .where(AuditEntry.at >= moment)
            .order_by(AuditEntry.id)
        )
        return [(a, i) for a, i in rows]


async def family(world: NotifyWorld, chat: int, name: str, born: date) -> tuple[str, str]:
    parent = new_iin(date(1988, 2, chat % 28 + 1), male=False)
    await world.parent_chat(chat, parent, locale="ru")
    child = await world.child("Серікова", name, born, parent)
    number = await world.application(
        child_iin=child, applicant=parent, submitted="2024-01-10T09:00:00"
    )
    return number, parent


async def test_three_days_of_downtime_are_caught_up_once_in_deadline_order(
    world: NotifyWorld, services: Services, clock: FakeClock
) -> None:
    calendar = services.calendar
    clock.set(almaty(2026, 6, 1, 10, 0))
    # C: a referral that lapses (R12); its stop-list ends during the downtime.
    c_number, c_parent = await family(world, CHAT, "Сезім", date(2021, 5, 1))
    await world.places("KG1", 2021, "kk", 1)
    await services.sweeps.run_due()
    c_referral = await world.sign(c_number, parent=c_parent)
    clock.set(c_referral.lapses_at + timedelta(minutes=1))
    await services.sweeps.run_due()
    # B: a referral issued on Tuesday 16 June, lapsing during the downtime.
    b_number, b_parent = await family(world, CHAT + 1, "Бекзат", date(2022, 5, 1))
    clock.set(almaty(2026, 6, 16, 10, 0))
    await world.places("KG1", 2022, "kk", 1)
    await services.sweeps.run_due()
    b_referral = await world.sign(b_number, parent=b_parent)
    # A: notified on Friday 19 June; the R8 window ends during the downtime.
    a_number, _ = await family(world, CHAT + 2, "Арман", date(2023, 5, 1))
    clock.set(almaty(2026, 6, 19, 10, 0))
    await world.places("KG1", 2023, "kk", 1)
    await services.sweeps.run_due()

    c_status = await world.status(c_number)
    stop_list_ends = datetime.fromisoformat(c_status["stop_listed_until"])
    a_window_ends = calendar.offer_expires_at(almaty(2026, 6, 19, 10, 0))
    stopped, restarted = almaty(2026, 6, 22, 12, 0), almaty(2026, 6, 25, 12, 0)
    # The premise: three deadlines of three kinds inside the downtime, in this order.
    assert stopped < stop_list_ends < b_referral.lapses_at < a_window_ends < restarted

    delivery = RecordingDelivery(clock)
    sender = build_sender(services, delivery, FakeSleep(clock), per_second=25)
    await sender.drain()  # everything before the downtime went out
    delivery.sent.clear()
    before = await world.outbox()
    clock.set(restarted)

    background = Background(
        services.sweeps,
        [sender],
        sweep_leadership=Leadership(services.database, "sweeps"),
        idle_wait=0.05,
    )
    await background.start()
    try:
        await delivery.wait_for_sent(3)
    finally:
        await background.stop()

    ids = {n: await world.application_id(n) for n in (a_number, b_number, c_number)}
    assert await actions_since(services, restarted) == [
        ("stop_list_over", ids[c_number]),  # Monday 22 June 23:59
        ("referral_lapsed", ids[b_number]),  # Tuesday 23 June 23:59
        ("offer_expired", ids[a_number]),  # Wednesday 24 June 23:59 (R8: no message)
        ("turn_arrived", ids[c_number]),  # then the free places go out (R6)
    ]
    assert [(s.envelope.address, s.envelope.text.split("): ")[1][:30]) for s in delivery.sent] == [
        (str(CHAT), "срок стоп-листа истёк, заявлен"),
        (str(CHAT + 1), f"направление № {b_referral.number} аннулировано"[:30]),
        (str(CHAT), "подошла ваша очередь, вас ждёт"),
    ]
    # The reminders that came due meanwhile speak of deadlines already gone: dropped, not sent.
    changed = (await world.outbox())[: len(before)]
    assert sorted(
        (event, now)
        for (event, _, _, was), (*_, now) in zip(before, changed, strict=True)
        if was != now
    ) == [("arrival_ending", "skipped"), ("offer_ending", "skipped")]

    # A second start: nothing is due, nothing is sent again.
    await background.start()
    await background.stop()
    await sender.drain()
    assert len(delivery.sent) == 3
    assert len(await actions_since(services, restarted)) == 4
