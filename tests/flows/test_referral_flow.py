"""R3–R17 in the chat: the journal and card, choosing (R5, R7, R9), signing (R10), the referral
document and its verification (R11), revocation (R15) and extension (R14)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from services.eds.demo_pki import DEMO_PASSWORD
from tests.flows.conftest import STRANGER_USER, ChatWorld
from tests.flows.driver import ChatDriver, Reply
from tests.flows.test_login import log_in
from tests.pki import HOLDER


async def open_card(world: ChatWorld, chat: ChatDriver, key: str) -> Reply:
    journal = await chat.send("Журнал заявлений")
    return await chat.press(journal.button(f"№ {world.numbers[key]}"))


async def sign_first_place(
    world: ChatWorld, chat: ChatDriver, language_filter: str = "kk"
) -> Reply:
    card = await open_card(world, chat, "mine")
    notice = await chat.press(card.button("Выбрать государственный детский сад"))
    listing = await chat.press(notice.button("OK"))
    if language_filter == "kk":
        listing = await chat.press(listing.button("Язык: любой"))
    place = await chat.press(listing.inline_buttons[0][1])
    await chat.press(place.button("Подписать и отправить"))
    await chat.send_document(
        world.pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes(), f"RSA256_{HOLDER.iin}.p12"
    )
    shown = await chat.send(DEMO_PASSWORD)
    return await chat.press(shown.button("Подписать"))


async def test_journal_and_card(world: ChatWorld) -> None:
    chat = world.driver()
    await log_in(world, chat)
    journal = await chat.send("Журнал заявлений")
    assert journal.text == "Ваши заявления: выберите, чтобы открыть."
    labels = [label for label, _ in journal.inline_buttons]
    assert labels[-1] == "Привязать заявление к ИИН родителя"
    assert len(labels) == 3  # two of hers; the other family's is not there
    assert any(
        world.numbers["mine"] in label and "Уведомление отправлено" in label for label in labels
    )
    assert any(world.numbers["mine_waiting"] in label and "В очереди" in label for label in labels)

    card = await chat.press(journal.button(f"№ {world.numbers['mine']}"))
    text = card.text
    assert f"Заявление № {world.numbers['mine']}" in text
    assert "Статус: Уведомление отправлено" in text
    assert "Очередь: Район D1 (государственный детский сад), год группы 2022" in text
    assert "Язык обучения: казахский; льгота: без льготы" in text
    assert "Подано: 01.04.2022 09:00" in text
    assert (
        "Место в очереди: 1. Впереди: внеочередных — 0, первоочередных — 0, без льготы — 0." in text
    )
    assert (
        "Выберите детский сад до 09.04.2026 23:59 (осталось 3 рабочих дня); после этого место переходит в свободный выбор."
        in text
    )
    assert "История:" in text and "06.04.2026 10:00: Уведомление отправлено (автоматически)" in text
    assert [label for label, _ in card.inline_buttons] == [
        "Выбрать государственный детский сад",
        "Назад",
    ]

    waiting = await chat.press(journal.button(f"№ {world.numbers['mine_waiting']}"))
    assert (
        "Место в очереди: 3." in waiting.text
    )  # behind her own and the other family's notified ones
    assert "Ваша очередь ещё не подошла" in waiting.text
    assert [label for label, _ in waiting.inline_buttons] == ["Назад"]


async def test_choose_sign_download_and_verify(world: ChatWorld) -> None:
    chat = world.driver()
    await log_in(world, chat)
    card = await open_card(world, chat, "mine")
    notice = await chat.press(card.button("Выбрать государственный детский сад"))
    assert notice.text.startswith("Обратите внимание: если в течение 3 рабочих дней")  # R7
    listing = await chat.press(notice.button("OK"))
    assert listing.text.startswith("Свободные места для вашего года группы (2), страница 1 из 1.")
    places = [label for label, _ in listing.inline_buttons]
    assert places[:2] == [
        "Детский сад «KG1» · казахский · свободно: 1",
        "Детский сад «KG2» · русский · свободно: 1",
    ]
    filtered = await chat.press(listing.button("Язык: любой"))
    assert filtered.inline_buttons[0][0] == "Детский сад «KG1» · казахский · свободно: 1"
    assert "Детский сад «KG2» · русский · свободно: 1" not in [
        label for label, _ in filtered.inline_buttons
    ]

    place = await chat.press(filtered.button("KG1"))
    assert place.text == (
        "Детский сад «KG1»\nАдрес: проспект Абая 1\nРайон: Район D1\nЯзык обучения: казахский\n"
        "Год группы: 2022\nСвободных мест: 1"
    )
    ask = await chat.press(place.button("Подписать и отправить"))
    assert ask.text.startswith("Отправьте ключ подписи ЭЦП файлом")
    await chat.send_document(world.pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes(), "RSA256.p12")
    password = chat.message(text=DEMO_PASSWORD)
    shown = await chat.send_message(password)
    assert shown.deleted == [password.message_id]
    assert shown.text.startswith("Ключ подписи: СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ, ИИН")
    assert (
        f"Заявление № {world.numbers['mine']}: Детский сад «KG1», год группы 2022, "
        "язык обучения: казахский" in shown.text
    )

    issued = await chat.press(shown.button("Подписать"))
    number = f"{world.numbers['mine']}/1"
    assert issued.text == (
        f"Направление № {number} выдано: Детский сад «KG1», проспект Абая 1.\n"
        "Приведите ребёнка в детский сад до 13.04.2026 23:59 (5 рабочих дней).\n"
        "Отозвать его можно до 07.04.2026 10:00."
    )
    again = await chat.press(shown.button("Подписать"))  # a double tap
    assert again.alerts == ["Это уже сделано."] and again.texts == []
    assert (await world.scenario.status(world.numbers["mine"]))["status"] == "referral_issued"

    download = await chat.press(issued.button("Скачать направление (PDF)"))
    [sent] = download.documents
    assert sent.document.filename == f"referral-{number.replace('/', '-')}.pdf"  # type: ignore[union-attr]
    pdf_bytes = sent.document.data  # type: ignore[union-attr]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert (
        "Мектепке дейінгі ұйымға жолдама" in text and "Направление в дошкольную организацию" in text
    )
    assert number in text and "«KG1» балабақшасы" in text and "Детский сад «KG1»" in text
    assert HOLDER.iin in text  # the full IIN appears only in the document
    link = re.search(r"https://t\.me/kindergarten_test_bot\?start=v_([A-Za-z0-9_-]+)", text)
    assert link is not None

    # anyone, even without an account, checks it by the deep link of the QR code
    stranger = world.driver(STRANGER_USER)
    verified = await stranger.send(f"/start v_{link.group(1)}")
    assert verified.text.startswith("Направление подлинное: его подпись ЭЦП действительна.")
    assert f"Направление № {number}" in verified.text and "Статус: действует" in verified.text
    assert HOLDER.iin not in verified.text and "СЕЙТҚАЛИЕВА" not in verified.text
    forged = await stranger.send("/start v_not-a-code")
    assert forged.text == "Такого направления нет."


async def test_revoke_within_24_hours_and_extend_once(world: ChatWorld) -> None:
    chat = world.driver()
    await log_in(world, chat)
    await sign_first_place(world, chat)
    card = await open_card(world, chat, "mine")
    assert [label for label, _ in card.inline_buttons] == [
        "Общие документы",
        "Отозвать направление",
        "Продлить направление",
        "Назад",
    ]
    extend = await chat.press(card.button("Продлить направление"))
    assert [label for label, _ in extend.inline_buttons] == ["7", "14", "21", "30", "Отмена"]
    wrong = await chat.send("45")
    assert wrong.text == "Выберите от 1 до 30 календарных дней."
    asked = await chat.press(card.button("Продлить направление"))
    confirm = await chat.send("10")
    assert (
        confirm.text
        == f"Продлить направление № {world.numbers['mine']}/1 на 10 дн.? Сейчас оно действует до 13.04.2026 23:59."
    )
    done = await chat.press(confirm.button("Подтвердить"))
    assert done.text == f"Направление № {world.numbers['mine']}/1 продлено до 23.04.2026 23:59."
    again = await chat.press(asked.button("30"))  # R14: once only
    assert again.text == "Направление можно продлить только один раз, и оно уже продлено."

    card = await open_card(world, chat, "mine")  # the card no longer offers what R14 refuses
    assert [label for label, _ in card.inline_buttons] == [
        "Общие документы",
        "Отозвать направление",
        "Назад",
    ]
    ask = await chat.press(card.button("Отозвать направление"))
    assert ask.text.startswith(
        f"Отозвать направление № {world.numbers['mine']}/1? Место вернётся в очередь"
    )
    revoked = await chat.press(ask.button("Подтвердить"))
    assert (
        revoked.text
        == f"Направление № {world.numbers['mine']}/1 отозвано. Заявление снова в очереди."
    )
    assert (await world.scenario.status(world.numbers["mine"]))["status"] == "in_queue"


async def test_revocation_closes_after_24_hours(world: ChatWorld) -> None:
    chat = world.driver()
    await log_in(world, chat)
    await sign_first_place(world, chat)
    card = await open_card(world, chat, "mine")
    world.clock.advance(hours=24, seconds=1)
    await log_in(world, chat, first_time=False)  # the 2-hour session has expired meanwhile
    late = await chat.press(card.button("Отозвать направление"))  # the button of yesterday's card
    assert late.text == (
        "Направление можно отозвать только в течение 24 часов после выдачи; "
        "это время истекло 07.04.2026 10:00."
    )
    assert (await world.scenario.status(world.numbers["mine"]))["referral"]["status"] == "active"
