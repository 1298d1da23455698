"""The sender under Telegram's limits: the global rate, one message a second per chat, 429 with
`retry_after`, 403, network errors with back-off, leases — and every outcome kept."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import select

from bot.wiring import Services, build_sender
from domain.notices import Channel, Notice, NoticeEvent
from services.notifications.model import Blocked, Rejected, RetryAfter, Transient
from services.notifications.sender import LEASE, MAX_ATTEMPTS, OutboxSender
from storage.models import OutboxMessage, TelegramUser
from tests.fakes.clock import FakeClock, FakeSleep
from tests.fakes.delivery import RecordingDelivery
from tests.notify.conftest import CHAT, NotifyWorld
from tests.scenario import new_iin


async def notified_parents(world: NotifyWorld, services: Services, count: int) -> list[int]:
    """`count` parents, each in their own chat, whose turn has just come."""
    chats = []
    for index in range(count):
        parent = new_iin(date(1990, 1, 1 + index % 28), male=index % 2 == 0)
        chat = CHAT + index
        await world.parent_chat(chat, parent, locale="ru")
        child = await world.child("Серіков", f"Бала{index}", date(2022, 3, 1), parent)
        await world.application(child_iin=child, applicant=parent)
        chats.append(chat)
    await world.places("KG1", 2022, "kk", count)
    await services.sweeps.run_due()
    return chats


async def rows(services: Services) -> list[OutboxMessage]:
    """The outbox rows due now (the R8 reminders written with each turn are days ahead)."""
    async with services.uow.read() as uow:
        query = select(OutboxMessage).where(OutboxMessage.event != "offer_ending")
        return list(await uow.session.scalars(query.order_by(OutboxMessage.id)))


async def test_the_global_rate_holds(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
) -> None:
    chats = await notified_parents(world, services, 60)
    report = await sender.drain()
    assert report.sent == 60
    assert sorted(int(s.envelope.address) for s in delivery.sent) == chats
    moments = [s.at for s in delivery.sent]
    # 25 a second: 60 messages take at least 59 intervals of 40 ms, and no second holds 26.
    assert (moments[-1] - moments[0]).total_seconds() >= 59 / 25 - 1e-6
    for first in moments:
        within = [m for m in moments if first <= m < first + timedelta(seconds=1)]
        assert len(within) <= 25


async def test_one_chat_gets_one_message_a_second_in_order(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
) -> None:
    await world.parent_chat(CHAT)
    numbers = []
    for index in range(3):  # three children of one parent
        child = await world.child("Серіков", f"Бала{index}", date(2022, 3, 1))
        numbers.append(await world.application(child_iin=child))
    await world.places("KG1", 2022, "kk", 3)
    await services.sweeps.run_due()
    await sender.drain()
    assert [s.envelope.text.split(" ")[1] for s in delivery.sent] == numbers
    gaps = [(b.at - a.at).total_seconds() for a, b in itertools.pairwise(delivery.sent)]
    assert all(gap >= 1 for gap in gaps), gaps


async def test_429_pauses_everyone_for_retry_after_and_the_message_goes_later(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
    clock: FakeClock,
) -> None:
    chats = await notified_parents(world, services, 2)
    delivery.answers = [RetryAfter(7)]
    started = clock.now()
    report = await sender.drain()
    assert (report.rate_limited, report.sent) == (1, 1)
    # The other chat's message waited out the pause too.
    assert [int(s.envelope.address) for s in delivery.sent] == [chats[1]]
    assert delivery.sent[0].at >= started + timedelta(seconds=7)
    limited = (await rows(services))[0]
    assert (limited.status, limited.attempts) == ("pending", 0)  # a 429 is not its fault
    assert limited.next_attempt_at == started + timedelta(seconds=7)
    assert limited.last_error == "429: retry after 7 s"
    # Not lost: due again after retry_after, it goes once.
    await sender.drain()
    await sender.drain()
    assert [int(s.envelope.address) for s in delivery.sent] == [chats[1], chats[0]]
    assert (await rows(services))[0].status == "sent"


async def test_403_marks_the_parent_blocked_until_they_come_back(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
    clock: FakeClock,
) -> None:
    await notified_parents(world, services, 1)
    delivery.answers = [Blocked("Forbidden: bot was blocked by the user")]
    assert (await sender.drain()).blocked == 1
    first = (await rows(services))[0]
    assert (first.status, first.recipient) == ("blocked", str(CHAT))
    async with services.uow.read() as uow:
        user = await uow.session.get(TelegramUser, CHAT)
        assert user is not None and user.blocked_at == clock.now()

    # The next notice to a blocked chat is not even tried.
    async with services.uow() as uow:
        await uow.outbox.add_many(
            [
                (
                    Notice(first.application_id or 0, NoticeEvent.STOP_LIST_OVER, "x", clock.now()),
                    Channel.TELEGRAM,
                )
            ]
        )
        await uow.commit()
    await sender.drain()
    assert len(delivery.tried) == 1
    assert (await rows(services))[-1].last_error == "the parent blocked the bot"

    await services.accounts.set_locale(CHAT, "ru")  # they pressed /start again
    async with services.uow() as uow:
        await uow.outbox.add_many(
            [
                (
                    Notice(first.application_id or 0, NoticeEvent.STOP_LIST_OVER, "y", clock.now()),
                    Channel.TELEGRAM,
                )
            ]
        )
        await uow.commit()
    await sender.drain()
    assert len(delivery.sent) == 1


async def test_network_errors_back_off_then_succeed_or_fail_for_good(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
    clock: FakeClock,
) -> None:
    await notified_parents(world, services, 1)
    delivery.answers = [Transient("ClientConnectorError"), Transient("502 Bad Gateway")]
    await sender.drain()
    row = (await rows(services))[0]
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "ClientConnectorError")
    assert row.next_attempt_at == clock.now() + timedelta(seconds=5)
    clock.advance(seconds=5)
    await sender.drain()
    row = (await rows(services))[0]
    assert (row.attempts, row.next_attempt_at) == (2, clock.now() + timedelta(seconds=10))
    clock.advance(seconds=10)
    await sender.drain()
    row = (await rows(services))[0]
    assert (row.status, row.attempts, row.sent_at) == ("sent", 3, clock.now())
    assert len(delivery.sent) == 1


async def test_after_too_many_attempts_or_a_permanent_error_the_row_fails(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
    clock: FakeClock,
) -> None:
    await notified_parents(world, services, 2)
    delivery.answer = lambda envelope: (
        Rejected("Bad Request: chat not found")
        if envelope.address == str(CHAT + 1)
        else Transient("timeout")
    )
    for _ in range(MAX_ATTEMPTS):
        await sender.drain()
        clock.advance(minutes=11)
    first, second = (await rows(services))[:2]
    assert (first.status, first.attempts, first.last_error) == ("failed", MAX_ATTEMPTS, "timeout")
    assert (second.status, second.attempts) == ("failed", 1)
    assert second.last_error == "Bad Request: chat not found"
    assert delivery.sent == []


async def test_a_notice_is_written_once_per_channel(services: Services, world: NotifyWorld) -> None:
    await notified_parents(world, services, 1)
    notice = Notice(1, NoticeEvent.STOP_LIST_OVER, "same", services.clock.now())
    for _ in range(2):
        async with services.uow() as uow:
            await uow.outbox.add_many([(notice, Channel.TELEGRAM)] * 2)
            await uow.commit()
    assert [r.event for r in await rows(services)].count("stop_list_over") == 1


async def test_a_dead_senders_rows_wait_for_its_lease_then_go_once(
    world: NotifyWorld,
    services: Services,
    sender: OutboxSender,
    delivery: RecordingDelivery,
    clock: FakeClock,
) -> None:
    await notified_parents(world, services, 1)
    now = clock.now()
    async with services.uow() as uow:  # a sender claimed the row, then its process died
        claimed = await uow.outbox.claim(Channel.TELEGRAM, now, 10, "dead", now + LEASE)
        await uow.commit()
    assert len(claimed) == 1
    await sender.drain()
    assert delivery.tried == []
    clock.advance(seconds=LEASE.total_seconds() + 1)
    await sender.drain()
    assert len(delivery.sent) == 1
    async with services.uow() as uow:  # the dead sender's late word changes nothing
        assert not await uow.outbox.finish(claimed[0].id, "dead", status="failed", now=now)
        await uow.commit()
    assert (await rows(services))[0].status == "sent"


async def test_only_one_sender_per_channel_sends_at_a_time(
    world: NotifyWorld, services: Services, clock: FakeClock
) -> None:
    await notified_parents(world, services, 1)
    first = RecordingDelivery(clock)
    sender = build_sender(services, first, FakeSleep(clock), per_second=25)
    other = build_sender(services, RecordingDelivery(clock), FakeSleep(clock), per_second=25)
    assert sender.owner != other.owner
    async with sender._leadership() as leading:
        assert leading
        assert (await other.drain()).handled == 0
    assert (await other.drain()).sent == 1
