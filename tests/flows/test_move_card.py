"""Why the place moved (the transparency issue, point 2), in kk and ru: the card keeps what the
parent last saw and, when the place changed since, says what moved it — places given to
applications ahead, applications ahead that left, out-of-turn or first-priority applications
added ahead — from the audit log and the queue, naming nobody."""

from __future__ import annotations

from datetime import date

from tests.flows.conftest import ChatWorld
from tests.flows.driver import ChatDriver
from tests.flows.test_login import log_in
from tests.pki import STRANGER
from tests.scenario import new_iin


async def open_card(chat: ChatDriver, number: str, language: str) -> str:
    journal = await chat.send("Өтініштер журналы" if language == "kk" else "Журнал заявлений")
    assert journal.inline_buttons, journal.texts
    return (await chat.press(journal.button(f"№ {number}"))).text


def line_of(text: str, start: str) -> str | None:
    return next((line for line in text.splitlines() if line.startswith(start)), None)


async def test_a_move_after_a_place_was_given_ahead_in_kazakh(world: ChatWorld) -> None:
    chat = world.driver(language_code="kk")
    await log_in(world, chat, language="kk")
    number = world.numbers["mine_waiting"]
    first = await open_card(chat, number, "kk")
    assert "Кезектегі орны: 3." in first and line_of(first, "Орныңыз өзгерді") is None

    world.clock.advance(minutes=30)
    await world.scenario.sign(world.numbers["strangers"], "KG2", "ru", parent=STRANGER.iin)
    moved = await open_card(chat, number, "kk")
    assert "Кезектегі орны: 2." in moved
    assert line_of(moved, "Орныңыз өзгерді") == (
        "Орныңыз өзгерді: 3 → 2 (06.04.2026 10:00 бастап). Алдыңыздағы өтініштерге берілген"
        " орындар: 1; кезектен шыққан алдыңыздағы өтініштер: 0; алдыңызға қосылған кезектен тыс"
        " немесе бірінші кезектегі өтініштер: 0."
    )
    again = await open_card(chat, number, "kk")
    assert line_of(again, "Орныңыз өзгерді") is None  # told once; nothing moved since


async def test_a_move_after_an_out_of_turn_application_was_added_ahead_in_russian(
    world: ChatWorld,
) -> None:
    chat = world.driver(language_code="ru")
    await log_in(world, chat, language="ru")
    number = world.numbers["mine_waiting"]
    await open_card(chat, number, "ru")
    world.clock.advance(minutes=30)
    await world.scenario.application(
        applicant=STRANGER.iin,
        child_iin=new_iin(date(2022, 5, 5)),
        benefit="out_of_turn",
        submitted="2023-03-01T09:00:00",
    )
    await world.scenario.application(  # a general one behind her: it moves nothing
        applicant=STRANGER.iin, child_iin=new_iin(date(2022, 6, 6)), submitted="2023-03-01T09:00:00"
    )
    moved = await open_card(chat, number, "ru")
    assert "Место в очереди: 4." in moved
    assert line_of(moved, "Место изменилось") == (
        "Место изменилось: 3 → 4 (с 06.04.2026 10:00). Мест выдано заявлениям впереди: 0;"
        " заявлений впереди ушло из очереди: 0; внеочередных или первоочередных заявлений"
        " добавлено впереди: 1."
    )
