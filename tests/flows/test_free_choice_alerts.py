"""Free-choice alerts (the transparency issue, point 4; R8), in kk and ru: a parent switches them
on in Settings; when a reserved place passes into free choice three working days later, they get
exactly one alert for it, with a button to the free places, and take the place from there; after
switching off, nothing comes."""

from __future__ import annotations

from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardMarkup

from bot.notifier import TelegramDelivery
from bot.wiring import build_sender
from services.eds.demo_pki import DEMO_PASSWORD
from tests.fakes.clock import FakeSleep, almaty
from tests.flows.conftest import ChatWorld
from tests.flows.driver import ChatDriver
from tests.flows.test_login import log_in
from tests.pki import HOLDER

WORDS = {
    "kk": {
        "settings": "Баптаулар",
        "alerts": "Еркін орындар туралы хабарлау",
        "off": "өшірулі",
        "every": "Кезектің барлық балабақшалары",
        "on": "кезектің барлық балабақшалары",
        "switch_off": "Өшіру",
        "alert": "топтың жылыңызға орын еркін таңдауға өтті: «KG2» балабақшасы.",
        "button": "Бос орындар",
        "listed": "«KG2» балабақшасы · орыс тілі · 1 бос орын",
        "sign": "Қол қою және жіберу",
        "confirm": "Қол қою",
        "issued": "жолдама берілді: «KG2» балабақшасы",
    },
    "ru": {
        "settings": "Настройки",
        "alerts": "Сообщать о свободных местах",
        "off": "выключены",
        "every": "Все детские сады очереди",
        "on": "все детские сады очереди",
        "switch_off": "Выключить",
        "alert": "место для вашего года группы перешло в свободный выбор: Детский сад «KG2».",
        "button": "Свободные места",
        "listed": "Детский сад «KG2» · русский · свободно: 1",
        "sign": "Подписать и отправить",
        "confirm": "Подписать",
        "issued": "выдано: Детский сад «KG2»",
    },
}


async def switch_alerts(world: ChatWorld, chat: ChatDriver, language: str, on: bool) -> None:
    w = WORDS[language]
    settings = await chat.send(w["settings"])
    listing = await chat.press(settings.button(w["alerts"]))
    waiting = world.numbers["mine_waiting"]
    labels = [label for label, _ in listing.inline_buttons]
    assert f"№ {waiting} · {w['off'] if on else w['on']}" in labels
    setting = await chat.press(listing.button(f"№ {waiting}"))
    changed = await chat.press(setting.button(w["every"] if on else w["switch_off"]))
    assert changed.text.endswith(f"{w['on'] if on else w['off']}.")


async def the_place_passes_into_free_choice(world: ChatWorld) -> list[SendMessage]:
    """Her first application takes its own place; the stranger lets theirs go: after three
    working days (R8) it passes into free choice, and the outbox is drained."""
    await world.scenario.sign(world.numbers["mine"], "KG1", "kk", parent=HOLDER.iin)
    world.clock.set(almaty(2026, 4, 10, 10, 0))  # Friday: the window ended Thursday night
    await world.services.sweeps.run_due()
    sender = build_sender(
        world.services, TelegramDelivery(world.bot), FakeSleep(world.clock), per_second=25
    )
    before = len(world.session.requests)
    await sender.drain()
    return [r for r in world.session.requests[before:] if isinstance(r, SendMessage)]


async def alert_and_take_the_place(world: ChatWorld, language: str) -> None:
    w = WORDS[language]
    chat = world.driver(language_code=language)
    await log_in(world, chat, language=language)
    await switch_alerts(world, chat, language, on=True)

    sent = await the_place_passes_into_free_choice(world)
    alerts = [m for m in sent if m.chat_id == chat.user.id]
    assert len(alerts) == 1  # one place, one alert
    (alert,) = alerts
    assert f"№ {world.numbers['mine_waiting']}" in alert.text and w["alert"] in alert.text
    assert isinstance(alert.reply_markup, InlineKeyboardMarkup)
    (button,) = [b for row in alert.reply_markup.inline_keyboard for b in row]
    assert button.text == w["button"] and button.callback_data is not None

    await log_in(world, chat, first_time=False, language=language)  # her session ran out
    listing = await chat.press(button.callback_data)
    assert listing.inline_buttons[0][0] == w["listed"]
    place = await chat.press(listing.button(listing.inline_buttons[0][0]))
    await chat.press(place.button(w["sign"]))
    await chat.send_document(world.pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes(), "RSA256.p12")
    shown = await chat.send(DEMO_PASSWORD)
    issued = await chat.press(shown.button(w["confirm"]))
    assert w["issued"] in issued.texts[0]  # first come, first served (R8)


async def test_an_alert_in_kazakh_and_the_place_taken_from_it(world: ChatWorld) -> None:
    await alert_and_take_the_place(world, "kk")


async def test_an_alert_in_russian_and_the_place_taken_from_it(world: ChatWorld) -> None:
    await alert_and_take_the_place(world, "ru")


async def test_no_alert_after_switching_off(world: ChatWorld) -> None:
    chat = world.driver(language_code="ru")
    await log_in(world, chat, language="ru")
    await switch_alerts(world, chat, "ru", on=True)
    await switch_alerts(world, chat, "ru", on=False)
    sent = await the_place_passes_into_free_choice(world)
    assert [m for m in sent if m.chat_id == chat.user.id] == []
    async with world.services.uow.read() as uow:
        keys = (
            [r.idempotency_key for r in await uow.outbox.all_rows()]
            if hasattr(uow.outbox, "all_rows")
            else []
        )
    assert not [k for k in keys if k.startswith("free_choice:")]
