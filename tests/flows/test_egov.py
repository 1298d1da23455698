"""R1 and R10 in eGov Mobile, in Kazakh and Russian: the chat offers one message (a link for the
phone, a QR code, until when, cancel), a simulated phone signs over real HTTP, and the chat
learns at once: the key's owner and «Кіру», or the referral issued with its PDF. No key file and
no password pass through the chat."""

from __future__ import annotations

import pytest

from tests.fakes.egov_mobile import api1_url, cms
from tests.flows.driver import Reply
from tests.flows.egov_world import EgovWorld, link, offered_login
from tests.flows.test_referral_flow import open_card
from tests.pki import HOLDER

WORDS = {
    "kk": {
        "log_in": "eGov Mobile арқылы кіру",
        "sign": "eGov Mobile арқылы қол қою",
        "key_file": "Кілт файлымен",
        "cancel": "Болдырмау",
        "until": "Сілтеме бір рет, ",
        "owner": "Кілт иесі: СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ",
        "enter": "Кіру",
        "signed": "eGov Mobile-да қол қойылды.",
        "choose": "Мемлекеттік балабақшаны таңдау",
        "send": "Қол қою және жіберу",
        "issued": "жолдама берілді: «KG1» балабақшасы, Абай даңғылы 1.",
        "pdf": "Жолдама қазақ және орыс тілдерінде",
    },
    "ru": {
        "log_in": "Войти через eGov Mobile",
        "sign": "Подписать в eGov Mobile",
        "key_file": "Файлом ключа",
        "cancel": "Отмена",
        "until": "Ссылка работает один раз, ",
        "owner": "Владелец ключа: СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ",
        "enter": "Войти",
        "signed": "Подписано в eGov Mobile.",
        "choose": "Выбрать государственный детский сад",
        "send": "Подписать и отправить",
        "issued": "выдано: Детский сад «KG1», проспект Абая 1.",
        "pdf": "Направление на казахском и русском языках",
    },
}


async def logged_in_by_phone(world: EgovWorld, language: str) -> tuple[object, Reply]:
    chat = world.chat_world.driver(language_code=language)
    offer = await offered_login(world, chat, language)
    answer = await world.phone(language).sign(link(offer), world.holder_login)
    assert answer.status == 200, answer.body
    await world.chat.settled()
    return chat, offer


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_log_in_and_sign_a_referral_in_egov_mobile(
    egov_world: EgovWorld, language: str
) -> None:
    words = WORDS[language]
    world = egov_world.chat_world
    chat = world.driver(language_code=language)
    offer = await offered_login(egov_world, chat, language)
    # One message: the QR code as a photo, what to do and until when, the buttons.
    [photo] = offer.photos
    assert words["until"] in (photo.caption or "")
    assert [label for label, _ in offer.urls] == [words["log_in"]]
    assert [label for label, data in offer.inline_buttons if data] == [
        words["key_file"],
        words["cancel"],
    ]
    assert api1_url(link(offer)).startswith(egov_world.presenter.api1(""))

    phone = egov_world.phone(language)
    visit = await phone.visit(link(offer))
    assert visit.api1["organisation"]["bin"] == "123456789012"
    assert visit.documents["signMethod"] == "CMS_WITH_DATA"
    assert b"kindergarten-login" in visit.data and b"kindergarten_test_bot" in visit.data
    start = len(world.session.requests)
    answer = await phone.send_signature(visit, cms(visit.data, egov_world.holder_login))
    assert answer.status == 200, answer.body
    await egov_world.chat.settled()
    told = Reply(world.session.requests[start:])
    assert told.captions == [words["signed"]]  # the offer's message, edited
    assert told.text.startswith(words["owner"])
    await chat.press(told.button(words["enter"]))  # R1: «Кіру / Войти»
    await chat.send("aigul@mail.kz")  # R2, the first time
    await chat.send_contact("+7 701 234 56 78", chat.user.id)

    card = await open_card(world, chat, "mine")
    notice = await chat.press(card.button(words["choose"]))
    listing = await chat.press(notice.button("OK"))
    place = await chat.press(listing.inline_buttons[0][1])
    sign_offer = await chat.press(place.button(words["send"]))
    assert [label for label, _ in sign_offer.urls] == [words["sign"]]
    visit = await phone.visit(link(sign_offer))
    assert visit.meta  # the app shows the application, the child, the kindergarten…
    start = len(world.session.requests)
    answer = await phone.send_signature(visit, cms(visit.data, egov_world.holder_signing))
    assert answer.status == 200, answer.body
    await egov_world.chat.settled()
    told = Reply(world.session.requests[start:])
    assert words["issued"] in told.text
    [document] = told.documents
    assert (document.caption or "").startswith(words["pdf"])
    assert (await world.scenario.status(world.numbers["mine"]))["status"] == "referral_issued"
    assert HOLDER.iin not in told.text
