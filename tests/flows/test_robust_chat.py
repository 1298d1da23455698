"""A robust chat (point 10): one user's updates never race, the conversation survives a restart,
and nothing unexpected reaches a parent as a traceback."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import build_dispatcher
from services.eds.demo_pki import DEMO_PASSWORD
from services.journal import JournalService
from tests.flows.conftest import ChatWorld
from tests.flows.driver import ChatDriver, Reply
from tests.flows.test_login import log_in
from tests.flows.test_referral_flow import open_card
from tests.pki import HOLDER


async def signed_and_shown(world: ChatWorld, chat: ChatDriver) -> Reply:
    """Logged in, the first place chosen, the key sent and its password: «Подписать» waits."""
    await log_in(world, chat)
    card = await open_card(world, chat, "mine")
    notice = await chat.press(card.button("Выбрать государственный детский сад"))
    listing = await chat.press(notice.button("OK"))
    place = await chat.press(listing.inline_buttons[0][1])
    await chat.press(place.button("Подписать и отправить"))
    await chat.send_document(world.pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes(), "RSA256.p12")
    return await chat.send(DEMO_PASSWORD)


async def test_two_fast_taps_on_sign_issue_one_referral(world: ChatWorld) -> None:
    chat = world.driver()
    shown = await signed_and_shown(world, chat)
    sign = shown.button("Подписать")
    start = len(world.session.requests)
    await asyncio.gather(chat.press(sign), chat.press(sign))
    both = Reply(world.session.requests[start:])  # the two taps' answers, whatever their order
    assert sum("выдано" in text for text in both.texts) == 1
    assert both.alerts == ["Это уже сделано."]
    assert both.answered_callbacks == 2
    assert (await world.scenario.status(world.numbers["mine"]))["referral"]["number"].endswith("/1")


async def test_the_conversation_survives_a_restart(world: ChatWorld) -> None:
    chat = world.driver()
    await chat.send("/start")
    await chat.press("l:ru")
    await chat.send("Войти")  # waiting for the key file
    restarted = build_dispatcher(world.services)  # a new process: new dispatcher, new storage
    after_restart = ChatDriver(restarted, world.bot, world.session, chat.user.id)
    reply = await after_restart.send_document(
        world.pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes(), "AUTH.p12"
    )
    assert reply.text.startswith("Теперь отправьте пароль ключа.")
    reply = await after_restart.send(DEMO_PASSWORD)
    assert reply.text.startswith("Владелец ключа: СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ")


async def test_a_fault_is_an_apology_not_a_traceback(
    world: ChatWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = world.driver()
    await log_in(world, chat)

    async def broken(self: JournalService, parent_iin: str) -> list[object]:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(JournalService, "applications", broken)
    reply = await chat.send("Журнал заявлений")
    assert (
        reply.text
        == "У нас что-то пошло не так. Попробуйте ещё раз; если повторится, нажмите /start."
    )
    assert "database on fire" not in reply.text


async def test_unexpected_input_gets_a_sensible_answer(world: ChatWorld) -> None:
    chat = world.driver()
    await chat.send("/start")
    await chat.press("l:ru")
    for reply in (await chat.send("привет"), await chat.send_sticker(), await chat.send_photo()):
        assert reply.text == "Я не понял. Пожалуйста, используйте кнопки меню ниже или /help."
    await log_in(world, chat)
    attach = await chat.press("m:attach")
    assert attach.text == "Отправьте номер заявления, которое нужно привязать к вашему ИИН."
    reply = await chat.send_sticker()
    assert reply.text == "Отправьте номер заявления текстом или /cancel."
    reply = await chat.send("NO-SUCH-NUMBER")
    assert reply.text.startswith("В заявлении с этим номером вы не указаны как родитель ребёнка.")
    help_reply = await chat.send("Помощь")
    assert help_reply.text.startswith("Как это работает")
    assert "10 рабочих дней" in help_reply.text


async def test_attach_an_application_the_childs_record_names_me_in(world: ChatWorld) -> None:
    # R3 merge: the other family submitted it; the child's record names this parent too.
    status = await world.scenario.status(world.numbers["strangers"])
    child_iin = (
        await world.services.applications.status(world.numbers["strangers"])
    ).application.child_iin
    await world.scenario.csv(
        "children",
        "iin,surname,name,patronymic,parent_iins,enrolled_kindergarten_code\n"
        f"{child_iin},Нұрланова,Аружан,Ерланқызы,{HOLDER.iin},\n",
    )
    chat = world.driver()
    await log_in(world, chat)
    await chat.press("m:attach")
    reply = await chat.send(world.numbers["strangers"])
    assert reply.texts[0] == "Заявление теперь в вашем журнале."
    assert "Ребёнок: Нұрланова Аружан Ерланқызы, ИИН" in reply.texts[1]
    journal = await chat.send("Журнал заявлений")
    assert len(journal.inline_buttons) == 4  # three applications and the attach button
    assert status["status"] == (await world.scenario.status(world.numbers["strangers"]))["status"]


async def test_typed_text_in_a_step_that_waits_for_a_button_points_at_the_buttons(
    world: ChatWorld,
) -> None:
    chat = world.driver()
    shown = await signed_and_shown(world, chat)
    typed = await chat.send("да")  # instead of pressing «Подписать»
    assert typed.text == "Используйте кнопки выше."
    issued = await chat.press(shown.button("Подписать"))  # the step is still there
    assert "выдано" in issued.text
