"""Nearest first (the transparency issue, point 3), in kk and ru: «Жақын маңда / Рядом со мной»
asks for the location with Telegram's button, the free places come sorted by distance with
«2,4 км», those without coordinates last; «Картада / На карте» sends the kindergarten as a venue."""

from __future__ import annotations

from aiogram.types import ReplyKeyboardMarkup

from tests.flows.conftest import ChatWorld
from tests.flows.driver import ChatDriver, Reply
from tests.flows.test_login import log_in

HERE = (43.2383, 76.9456)
WITH_COORDINATES = (
    "code,district_code,kind,name_kk,name_ru,address_kk,address_ru,languages,latitude,longitude\n"
    "KG1,D1,ordinary,«Талғар» балабақшасы,Детский сад «Талгар»,Талғар 1,Талгар 1,kk,43.304,77.24\n"
    "KG2,D1,ordinary,«Жақын» балабақшасы,Детский сад «Близкий»,Абай 10,Абая 10,ru,43.25,76.92\n"
    "KG3,D1,ordinary,«Ақ» балабақшасы,Детский сад «Ак»,Сейфуллин 5,Сейфуллина 5,kk,,\n"
)


async def places_list(world: ChatWorld, language: str) -> tuple[ChatDriver, Reply]:
    await world.scenario.csv("kindergartens", WITH_COORDINATES)
    await world.scenario.places("KG3", 2022, "kk", 1)
    chat = world.driver(language_code=language)
    await log_in(world, chat, language=language)
    journal = await chat.send("Өтініштер журналы" if language == "kk" else "Журнал заявлений")
    card = await chat.press(journal.button(f"№ {world.numbers['mine']}"))
    choose = "Мемлекеттік балабақшаны таңдау" if language == "kk" else "Выбрать"
    notice = await chat.press(card.button(choose))
    return chat, await chat.press(notice.button("OK"))


def location_button(reply: Reply) -> bool:
    """The reply keyboard's first button asks Telegram for the location."""
    markups = [getattr(r, "reply_markup", None) for r in reply.requests]
    keyboards = [m for m in markups if isinstance(m, ReplyKeyboardMarkup)]
    return bool(keyboards and keyboards[-1].keyboard[0][0].request_location)


async def test_nearest_first_and_on_the_map_in_kazakh(world: ChatWorld) -> None:
    chat, listing = await places_list(world, "kk")
    by_name = [label for label, _ in listing.inline_buttons][:3]
    assert [label.split(" · ")[0] for label in by_name] == [
        "«Ақ» балабақшасы",
        "«Жақын» балабақшасы",
        "«Талғар» балабақшасы",
    ]
    asked = await chat.press(listing.button("Жақын маңда"))
    assert asked.text.startswith("Төмендегі батырмамен орналасқан жеріңізді жіберіңіз")
    assert asked.menu == ["Орналасқан жерімді жіберу", "Болдырмау"] and location_button(asked)
    wrong = await chat.send("Абай даңғылы")
    assert wrong.text == (
        "Төмендегі «Орналасқан жерімді жіберу» батырмасын немесе «Болдырмау» батырмасын басыңыз."
    )

    sorted_reply = await chat.send_location(*HERE)
    assert sorted_reply.texts[0] == "Бос орындар, ең жақыны басында."
    assert sorted_reply.menu[0] == "Өтініштер журналы"  # the main menu is back
    labels = [label for label, _ in sorted_reply.inline_buttons][:3]
    assert labels == [
        "«Жақын» балабақшасы · 2,4 км · орыс тілі · 1 бос орын",
        "«Талғар» балабақшасы · 25 км · қазақ тілі · 1 бос орын",
        "«Ақ» балабақшасы · қазақ тілі · 1 бос орын",  # no coordinates: last
    ]

    place = await chat.press(sorted_reply.button("«Жақын» балабақшасы"))
    venue = await chat.press(place.button("Картада"))
    assert [(v.title, v.address, v.latitude, v.longitude) for v in venue.venues] == [
        ("«Жақын» балабақшасы", "Абай 10", 43.25, 76.92)
    ]
    no_map = await chat.press(sorted_reply.button("«Ақ» балабақшасы"))
    assert "Картада" not in [label for label, _ in no_map.inline_buttons]


async def test_nearest_first_in_russian_and_cancelled(world: ChatWorld) -> None:
    chat, listing = await places_list(world, "ru")
    asked = await chat.press(listing.button("Рядом со мной"))
    assert asked.menu == ["Отправить местоположение", "Отмена"]
    cancelled = await chat.send("Отмена")
    assert cancelled.text == "Отменено." and cancelled.menu[0] == "Журнал заявлений"
    again = await chat.press(listing.button("Рядом со мной"))
    assert location_button(again)
    nearest = await chat.send_location(*HERE)
    labels = [label for label, _ in nearest.inline_buttons][:2]
    assert labels == [
        "Детский сад «Близкий» · 2,4 км · русский · свободно: 1",
        "Детский сад «Талгар» · 25 км · казахский · свободно: 1",
    ]
    next_page = await chat.press(nearest.button("Язык:"))
    assert next(label for label, _ in next_page.inline_buttons).startswith(
        "Детский сад «Талгар» · 25 км"
    )
    place = await chat.press(nearest.button("«Близкий»"))
    venue = await chat.press(place.button("На карте"))
    assert venue.venues[0].title == "Детский сад «Близкий»"
