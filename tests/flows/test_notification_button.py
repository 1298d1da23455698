"""A notification carries a button that opens its application (the scheduler issue, point 3):
the parent who logged in from this chat presses it and sees the card, in their language."""

from __future__ import annotations

from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardMarkup

from bot.notifier import TelegramDelivery
from bot.wiring import build_sender
from tests.fakes.clock import FakeSleep
from tests.flows.conftest import ChatWorld
from tests.flows.test_login import log_in


async def test_the_turn_notice_opens_the_card(world: ChatWorld) -> None:
    chat = world.driver()
    await log_in(world, chat)  # the chat is linked to the parent now
    sender = build_sender(
        world.services, TelegramDelivery(world.bot), FakeSleep(world.clock), per_second=25
    )
    before = len(world.session.requests)
    report = await sender.drain()
    assert report.sent == 1  # the parent's first application got the turn (R6)
    (notice,) = [r for r in world.session.requests[before:] if isinstance(r, SendMessage)]
    assert notice.chat_id == chat.user.id
    assert notice.text.startswith(f"Заявление № {world.numbers['mine']} (")
    assert "подошла ваша очередь" in notice.text
    assert isinstance(notice.reply_markup, InlineKeyboardMarkup)
    (button,) = [b for row in notice.reply_markup.inline_keyboard for b in row]
    assert button.text == "Открыть заявление"

    assert button.callback_data is not None
    reply = await chat.press(button.callback_data)
    assert f"Заявление № {world.numbers['mine']}" in reply.text
    assert "Уведомление отправлено" in reply.text


async def test_a_parent_who_blocks_the_bot_gets_nothing_until_they_unblock_it(
    world: ChatWorld,
) -> None:
    chat = world.driver()
    await log_in(world, chat)
    nothing = await chat.set_membership(blocked=True)
    assert nothing.requests == []  # nobody to answer: the chat is closed
    sender = build_sender(
        world.services, TelegramDelivery(world.bot), FakeSleep(world.clock), per_second=25
    )
    before = len(world.session.requests)
    report = await sender.drain()
    # Not even tried (Telegram would answer 403); the other turn's parent has no chat at all.
    assert (report.sent, report.skipped) == (0, 2)
    assert not [r for r in world.session.requests[before:] if isinstance(r, SendMessage)]

    await chat.set_membership(blocked=False)
    async with world.services.uow.read() as uow:
        user = await uow.telegram_users.get(chat.user.id)
    assert user is not None and user.blocked_at is None
    # Notices written from now on reach the chat again: a new place, the parent's next turn (R6).
    await world.scenario.places("KG1", 2022, "kk", 1)
    await world.services.sweeps.run_due()
    before = len(world.session.requests)
    report = await sender.drain()
    assert report.sent == 1
    (notice,) = [r for r in world.session.requests[before:] if isinstance(r, SendMessage)]
    assert notice.chat_id == chat.user.id
    assert notice.text.startswith(f"Заявление № {world.numbers['mine_waiting']} (")
