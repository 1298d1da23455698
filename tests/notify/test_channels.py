"""The two ways out, over the wire: Telegram's Bot API (our fake server on 127.0.0.1, answering
as Telegram does) and SMTP (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Session
from aiosmtpd.smtp import Envelope as SmtpEnvelope

from bot.app import build_bot
from bot.config import Settings
from bot.mailer import EmailDelivery, SmtpServer, SmtpUrlError
from bot.notifier import TelegramDelivery
from bot.wiring import build_sender, build_services
from domain.notices import Channel
from handlers.callbacks import AppAction, AppCb
from services.calendar import WorkCalendar
from services.notifications.model import (
    Blocked,
    Delivered,
    Envelope,
    Rejected,
    RetryAfter,
    Transient,
)
from storage.db import Database
from tests.fakes.bot_api import FakeBotApi, serving
from tests.fakes.clock import FakeClock, FakeSleep
from tests.fakes.delivery import RecordingDelivery
from tests.notify.conftest import CHAT, NotifyWorld
from tests.ports import free_port

TOKEN = "4242:NOTIFY-TEST"


def envelope(address: str = "700001", channel: Channel = Channel.TELEGRAM) -> Envelope:
    return Envelope(
        outbox_id=17,
        channel=channel,
        address=address,
        subject="Кезегіңіз келді",
        text="№A-1 өтініш: кезегіңіз келді. Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі",
        application_id=5,
        button="Өтінішті ашу",
        attempts=0,
    )


@pytest.fixture
async def telegram() -> AsyncIterator[tuple[FakeBotApi, TelegramDelivery]]:
    api = FakeBotApi(TOKEN)
    async with serving(api) as url:
        bot = build_bot(Settings(bot_token=TOKEN, telegram_api_url=url))  # type: ignore[arg-type]
        try:
            yield api, TelegramDelivery(bot, timeout=5)
        finally:
            await bot.session.close()


def answering(error_code: int, description: str, **parameters: Any) -> Any:
    answer: dict[str, Any] = {"ok": False, "error_code": error_code, "description": description}
    if parameters:
        answer["parameters"] = parameters
    return lambda method, params: answer if method == "sendMessage" else None


async def test_a_message_carries_the_button_that_opens_the_application(
    telegram: tuple[FakeBotApi, TelegramDelivery],
) -> None:
    api, delivery = telegram
    assert await delivery.deliver(envelope()) == Delivered()
    call = await api.wait_for(lambda c: c.method == "sendMessage")
    assert call.chat_id == 700001
    assert call.text == envelope().text
    assert call.buttons == [("Өтінішті ашу", AppCb(action=AppAction.OPEN, id=5).pack())]


@pytest.mark.parametrize(
    ("code", "description", "parameters", "expected"),
    [
        (429, "Too Many Requests: retry after 3", {"retry_after": 3}, RetryAfter(3)),
        (
            403,
            "Forbidden: bot was blocked by the user",
            {},
            Blocked("Forbidden: bot was blocked by the user"),
        ),
        (400, "Bad Request: chat not found", {}, Rejected("Bad Request: chat not found")),
    ],
)
async def test_telegrams_answers_become_outcomes(
    telegram: tuple[FakeBotApi, TelegramDelivery],
    code: int,
    description: str,
    parameters: dict[str, Any],
    expected: object,
) -> None:
    api, delivery = telegram
    api.intercept = answering(code, description, **parameters)
    assert await delivery.deliver(envelope()) == expected


async def test_server_and_network_errors_are_worth_another_try(
    telegram: tuple[FakeBotApi, TelegramDelivery],
) -> None:
    api, delivery = telegram
    api.intercept = answering(502, "Bad Gateway")
    outcome = await delivery.deliver(envelope())
    assert isinstance(outcome, Transient) and "Bad Gateway" in outcome.reason

    port = free_port()  # nobody listens on it
    bot = build_bot(
        Settings(bot_token=TOKEN, telegram_api_url=f"http://127.0.0.1:{port}")  # type: ignore[arg-type]
    )
    try:
        outcome = await TelegramDelivery(bot, timeout=5).deliver(envelope())
    finally:
        await bot.session.close()
    assert isinstance(outcome, Transient)


class Mailbox:
    """An SMTP server's handler: keeps every message; refuses one address as unknown."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: SmtpEnvelope,
        address: str,
        options: list[str],
    ) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: SmtpEnvelope) -> str:
        assert isinstance(envelope.content, bytes)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted"


@pytest.fixture
def smtp() -> Any:
    port = free_port()
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


async def test_an_email_goes_out_with_its_subject_and_words(smtp: Any) -> None:
    mailbox, url = smtp
    delivery = EmailDelivery(SmtpServer.parse(url), "bot@balabaqsha.kz", timeout=5)
    outcome = await delivery.deliver(envelope("aigul@example.kz", Channel.EMAIL))
    assert outcome == Delivered()
    (message,) = mailbox.messages
    assert message["To"] == "aigul@example.kz"
    assert message["From"] == "bot@balabaqsha.kz"
    assert str(make_header(decode_header(message["Subject"]))) == "Кезегіңіз келді"
    assert message["Message-ID"] == "<outbox-17@balabaqsha.kz>"
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert body.decode() == envelope().text + "\n"


async def test_a_refused_address_is_a_permanent_failure(smtp: Any) -> None:
    _, url = smtp
    delivery = EmailDelivery(SmtpServer.parse(url), "bot@balabaqsha.kz", timeout=5)
    outcome = await delivery.deliver(envelope("nobody@example.kz", Channel.EMAIL))
    assert isinstance(outcome, Rejected) and "no such user" in outcome.reason


async def test_an_unreachable_mail_server_is_worth_another_try() -> None:
    port = free_port()
    delivery = EmailDelivery(SmtpServer.parse(f"smtp://127.0.0.1:{port}"), "bot@x.kz", timeout=5)
    outcome = await delivery.deliver(envelope("aigul@example.kz", Channel.EMAIL))
    assert isinstance(outcome, Transient)


def test_smtp_url_forms() -> None:
    server = SmtpServer.parse("smtps://bot%40kg.kz:p%40ss@mail.kg.kz")
    assert server == SmtpServer("mail.kg.kz", 465, "bot@kg.kz", "p@ss", implicit_tls=True)
    assert SmtpServer.parse("smtp://mail.kg.kz:587").port == 587
    with pytest.raises(SmtpUrlError):
        SmtpServer.parse("mail.kg.kz:25")


async def test_e_mail_is_a_second_channel_with_the_same_outbox(
    smtp: Any, database: Database, clock: FakeClock, calendar: WorkCalendar
) -> None:
    """R6: every channel the parent gave. Without a chosen language the e-mail speaks both;
    the receipt of a referral goes by e-mail only (the chat has just shown it)."""
    mailbox, url = smtp
    services = build_services(database, clock, calendar, channels=frozenset(Channel))
    world = NotifyWorld(services)
    await world.district("D1", "Q1")
    await world.kindergarten("KG1", "D1")
    await world.parent_chat(CHAT)
    await services.accounts.set_email(CHAT, "Aigul@Example.kz")
    await services.accounts.log_out(CHAT)  # no chat, so no language: both
    child = await world.child("Серікова", "Айым", date(2022, 3, 1))
    number = await world.application(child_iin=child)
    await world.places("KG1", 2022, "kk", 1)
    await services.sweeps.run_due()
    email = EmailDelivery(SmtpServer.parse(url), "bot@balabaqsha.kz", timeout=5)
    sender = build_sender(services, email, FakeSleep(clock), per_second=5)
    telegram = build_sender(services, RecordingDelivery(clock), FakeSleep(clock), per_second=25)

    assert (await sender.drain()).sent == 1
    assert (await sender.drain()).sent == 0
    assert (await telegram.drain()).skipped == 1  # no chat for this parent now
    (message,) = mailbox.messages
    assert message["To"] == "aigul@example.kz"
    assert str(make_header(decode_header(message["Subject"]))) == (
        "Кезегіңіз келді / Подошла ваша очередь"
    )
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    kazakh, russian = body.decode().strip().split("\n\n")
    assert kazakh.startswith(f"№ {number} өтініш (Серікова Айым): кезегіңіз келді")
    assert russian.startswith(f"Заявление № {number} (Серікова Айым): подошла ваша очередь")

    referral = await world.sign(number)
    assert (await sender.drain()).sent == 1
    assert (await telegram.drain()).handled == 0  # the receipt is not a chat message
    receipt = mailbox.messages[-1].get_payload(decode=True)
    assert isinstance(receipt, bytes)
    assert (
        f"№ {number} өтініш (Серікова Айым): № {referral.number} жолдама берілді: «KG1» "
        "балабақшасы. Баланы балабақшаға 13.04.2026 23:59 дейін алып келіңіз."
    ) in receipt.decode()
