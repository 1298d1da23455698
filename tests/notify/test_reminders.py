"""RULES.md reminders: every transition notifies once, every reminder comes at its moment, in
the parent's language, and a reminder that no longer holds is dropped, not sent."""

from __future__ import annotations

from datetime import date

from bot.wiring import Services
from domain.audit import Actor
from services.notifications.sender import OutboxSender
from tests.fakes.clock import FakeClock, almaty
from tests.fakes.delivery import RecordingDelivery
from tests.notify.conftest import CHAT, NotifyWorld
from tests.scenario import PARENT

STAFF = Actor.staff("staff-kg1")


async def turn(world: NotifyWorld, services: Services, **application: object) -> str:
    child = await world.child("Серікова", "Айым", date(2022, 3, 1))
    number = await world.application(child_iin=child, **application)  # type: ignore[arg-type]
    await world.places("KG1", 2022, "kk", 1)
    await services.sweeps.run_due()
    return number


async def test_turn_arrived_then_one_working_day_before_the_r8_window_ends(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
    clock: FakeClock,
) -> None:
    await world.parent_chat(CHAT, locale="kk")
    number = await turn(world, services)  # Monday 6 April 2026, 10:00

    await sender.drain()
    assert delivery.texts() == [
        f"№ {number} өтініш (Серікова Айым): кезегіңіз келді, Сізді балабақшада орын күтіп тұр. "
        "Балабақшаны 09.04.2026 23:59 дейін таңдаңыз; одан кейін орын еркін таңдауға өтеді, ал "
        "өтініш кезектегі орнын сақтайды."
    ]
    message = delivery.sent[0].envelope
    assert (message.address, message.button) == (str(CHAT), "Өтінішті ашу")
    assert message.application_id == await world.application_id(number)

    await sender.drain()  # sent once: nothing more now
    clock.set(almaty(2026, 4, 9, 8, 59))  # R8 window ends Thursday 23:59
    await sender.drain()
    assert len(delivery.sent) == 1

    clock.set(almaty(2026, 4, 9, 9, 0))  # the morning of its last working day
    await sender.drain()
    await sender.drain()
    assert delivery.texts()[1:] == [
        f"№ {number} өтініш (Серікова Айым): балабақшаны таңдау мерзімі 09.04.2026 23:59 "
        "аяқталады. Одан кейін Сізге ұсынылған орын еркін таңдауға өтеді."
    ]


async def test_the_r8_reminder_is_dropped_once_the_parent_has_signed(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
    clock: FakeClock,
) -> None:
    await world.parent_chat(CHAT)
    number = await turn(world, services)
    await sender.drain()
    await world.sign(number)

    clock.set(almaty(2026, 4, 9, 9, 0))
    await sender.drain()
    assert [s.envelope.text[:40] for s in delivery.sent] == [delivery.texts()[0][:40]]
    rows = await world.outbox()
    assert ("offer_ending", "telegram", almaty(2026, 4, 9, 9, 0), "skipped") in rows


async def test_referral_reminders_r15_r12_r17_in_russian(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
    clock: FakeClock,
) -> None:
    await world.parent_chat(CHAT, locale="ru")
    number = await turn(world, services, benefit="first")
    await sender.drain()
    delivery.sent.clear()
    referral = await world.sign(number)  # Monday 10:00
    await sender.drain()
    assert delivery.sent == []  # the parent saw the referral in the chat; e-mail is the receipt

    clock.set(almaty(2026, 4, 7, 8, 0))  # R15: 2 hours before 24 hours are over
    await sender.drain()
    assert delivery.texts() == [
        f"Заявление № {number} (Серікова Айым): отозвать направление № {referral.number} можно "
        "до 07.04.2026 10:00; после этого отозвать его будет нельзя."
    ]

    clock.set(almaty(2026, 4, 13, 9, 0))  # R12 ends Monday 13 April 23:59; R17 on arrival
    await sender.drain()
    sent = delivery.sent[1:]
    assert [s.envelope.text for s in sent] == [
        f"Заявление № {number} (Серікова Айым): если ребёнок не придёт в детский сад (Детский "
        f"сад «KG1») до 13.04.2026 23:59, направление № {referral.number} будет аннулировано, а "
        "заявление попадёт в стоп-лист на 10 рабочих дней.\n"
        "Продлить направление один раз, до 30 дней, можно в карточке заявления.",
        f"Заявление № {number} (Серікова Айым): направление получено по льготе. Принесите в "
        "детский сад (Детский сад «KG1») документы, подтверждающие льготу, выданные не позднее "
        "16.04.2026.",
    ]
    # One chat gets at most one message a second.
    assert (sent[1].at - sent[0].at).total_seconds() >= 1


async def test_an_extension_moves_the_r12_reminder(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
    clock: FakeClock,
) -> None:
    await world.parent_chat(CHAT)
    number = await turn(world, services)
    referral = await world.sign(number)
    await services.parent_actions.extend(referral.application_id, PARENT, 5)  # to Sat 18 April
    await sender.drain()
    delivery.sent.clear()

    clock.set(almaty(2026, 4, 13, 9, 0))  # the old deadline's reminder: no longer true
    await sender.drain()
    assert delivery.sent == []

    clock.set(almaty(2026, 4, 17, 9, 0))  # the last working day before Saturday's deadline
    await sender.drain()
    assert delivery.texts() == [
        f"№ {number} өтініш (Серікова Айым): бала балабақшаға («KG1» балабақшасы) 18.04.2026 "
        f"23:59 дейін келмесе, № {referral.number} жолдаманың күші жойылады және өтініш 10 жұмыс күніне "
        "стоп-тізімге енгізіледі."  # extended already: no hint to extend
    ]


async def test_arrival_and_revocation_drop_the_referral_reminders(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
    clock: FakeClock,
) -> None:
    await world.parent_chat(CHAT)
    number = await turn(world, services, benefit="first")
    referral = await world.sign(number)
    await services.staff_actions.record_arrival(
        referral.number, await world.kindergarten_id("KG1"), STAFF
    )
    await sender.drain()
    delivery.sent.clear()
    clock.set(almaty(2026, 4, 20, 9, 0))
    await sender.drain()
    assert delivery.sent == []
    statuses = {event: status for event, _, _, status in await world.outbox()}
    assert statuses["arrival_ending"] == statuses["revocation_ending"] == "skipped"
    assert statuses["documents_reminder"] == "skipped"


async def test_lapse_stop_list_over_and_removal_r12_r13(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
    clock: FakeClock,
) -> None:
    await world.parent_chat(CHAT, locale="ru")
    number = await turn(world, services)
    referral = await world.sign(number)
    clock.set(almaty(2026, 4, 14, 0, 5))  # the child did not come by Monday 13 April
    await services.sweeps.run_due()
    delivery.sent.clear()
    await sender.drain()
    assert delivery.texts() == [
        f"Заявление № {number} (Серікова Айым): направление № {referral.number} аннулировано, "
        "потому что ребёнок не пришёл в детский сад в течение 5 рабочих дней. Заявление в "
        "стоп-листе до 27.04.2026 23:59: до этого времени получить направление нельзя."
    ]

    clock.set(almaty(2026, 4, 28, 0, 5))
    await services.sweeps.run_due()
    await sender.drain()
    assert delivery.texts()[1] == (
        f"Заявление № {number} (Серікова Айым): срок стоп-листа истёк, заявление снова в "
        "очереди. Направление можно будет получить, когда появятся свободные места."
    )

    # The place it lost went to free allocation again; it comes back to this application.
    await services.sweeps.run_due()
    second = await world.sign(number)
    clock.set(almaty(2026, 5, 12, 0, 5))
    await services.sweeps.run_due()
    await sender.drain()
    assert delivery.texts()[-1] == (
        f"Заявление № {number} (Серікова Айым): направление № {second.number} аннулировано. "
        "Ребёнок не пришёл уже второй раз, поэтому заявление снято с очереди."
    )


async def test_no_chat_no_message_and_logging_out_stops_them(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
) -> None:
    await world.parent_chat(CHAT)
    await services.accounts.log_out(CHAT)
    await turn(world, services)
    report = await sender.drain()
    assert delivery.tried == []
    assert report.skipped == 1  # the turn arrived; its R8 reminder is not due yet
    rows = await world.outbox()
    assert rows[0][3] == "skipped"
