"""End to end: the bot runs as its own process against our Bot API server; a parent walks through
/start → language → login with demo keys → journal → choose → sign → PDF → verification by deep
link → revocation, in Kazakh and in Russian, reading the real messages and pressing the real
buttons."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader

from services.demo import DEMO_PARENTS
from services.eds.demo_pki import DEMO_PASSWORD
from tests.e2e.harness import TelegramUser, cli, running_bot
from tests.fakes.bot_api import FakeBotApi

WORDS = {
    "kk": {
        "choose": "Тілді таңдаңыз.",
        "welcome": "Бұл бот",
        "login": "Кіру",
        "send_key": "аутентификация кілтін",
        "password": "құпиясөзін жіберіңіз",
        "owner": "Кілт иесі:",
        "email": "электрондық пошта мекенжайыңыз қажет",
        "phone": "телефон нөміріңізбен бөлісіңіз",
        "done": "Дайын.",
        "journal": "Өтініштер журналы",
        "applications": "Өтініштеріңіз",
        "choose_kg": "Мемлекеттік балабақшаны таңдау",
        "notice": "Назар аударыңыз",
        "list": "бос орындар",
        "sign_send": "Қол қою және жіберу",
        "signing_key": "қол қою кілтін",
        "key_data": "Қол қою кілті:",
        "sign": "Қол қою",
        "issued": "жолдама берілді",
        "pdf": "Жолдаманы жүктеу (PDF)",
        "authentic": "Жолдама түпнұсқа",
        "revoke": "Жолдаманы кері қайтару",
        "revoke_ask": "кері қайтарасыз ба",
        "confirm": "Растау",
        "revoked": "кері қайтарылды",
        "free_place": "бос орын",
        "status": "Мәртебесі: Хабарлама жіберілді",
        "place": "Бос орындар:",
        "issued_status": "Мәртебесі: Жолдама берілді",
    },
    "ru": {
        "choose": "Выберите язык.",
        "welcome": "Этот бот",
        "login": "Войти",
        "send_key": "ключ аутентификации",
        "password": "отправьте пароль ключа",
        "owner": "Владелец ключа:",
        "email": "нужен адрес электронной почты",
        "phone": "поделитесь номером телефона",
        "done": "Готово.",
        "journal": "Журнал заявлений",
        "applications": "Ваши заявления",
        "choose_kg": "Выбрать государственный детский сад",
        "notice": "Обратите внимание",
        "list": "Свободные места",
        "sign_send": "Подписать и отправить",
        "signing_key": "ключ подписи",
        "key_data": "Ключ подписи:",
        "sign": "Подписать",
        "issued": "выдано",
        "pdf": "Скачать направление (PDF)",
        "authentic": "Направление подлинное",
        "revoke": "Отозвать направление",
        "revoke_ask": "Отозвать направление №",
        "confirm": "Подтвердить",
        "revoked": "отозвано",
        "free_place": "свободно",
        "status": "Статус: Уведомление отправлено",
        "place": "Свободных мест:",
        "issued_status": "Статус: Направление выдано",
    },
}


async def walk(api: FakeBotApi, keys: Path, parent_index: int, language: str, user_id: int) -> None:
    w = WORDS[language]
    parent = DEMO_PARENTS[parent_index]
    user = TelegramUser(api, user_id, parent.name, language)
    start = await user.say("/start", w["choose"])
    welcome = await user.press(start, f"l:{language}", w["welcome"])
    assert w["login"] in [label for label, _ in welcome.buttons]

    await user.say(w["login"], w["send_key"])
    await user.send_file(
        (keys / f"AUTH_RSA256_{parent.iin}.p12").read_bytes(),
        f"AUTH_RSA256_{parent.iin}.p12",
        w["password"],
    )
    owner, password_message = await user.say_secret(DEMO_PASSWORD, w["owner"])
    assert any(
        c.method == "deleteMessage" and int(c.params["message_id"]) == password_message
        for c in api.calls
    )
    assert parent.surname.upper() in owner.text
    await user.press(owner, owner.button(w["login"]), w["email"])
    await user.say(f"parent{user_id}@mail.kz", w["phone"])
    await user.share_contact("+77011234567", w["done"])

    journal = await user.say(w["journal"], w["applications"])
    card = await user.press(journal, journal.buttons[0][1], w["status"])
    notice = await user.press(card, card.button(w["choose_kg"]), w["notice"])
    listing = await user.press(notice, notice.button("OK"), w["list"])
    first_place = next(data for label, data in listing.buttons if w["free_place"] in label)
    place = await user.press(listing, first_place, w["place"])
    await user.press(place, place.button(w["sign_send"]), w["signing_key"])
    await user.send_file(
        (keys / f"RSA256_{parent.iin}.p12").read_bytes(), f"RSA256_{parent.iin}.p12", w["password"]
    )
    shown = await user.say(DEMO_PASSWORD, w["key_data"])
    issued = await user.press(shown, shown.button(w["sign"]), w["issued"])

    sent = await user.press_for_document(issued, issued.button(w["pdf"]))
    pdf = PdfReader(io.BytesIO(sent.files["document"]))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert (
        "Мектепке дейінгі ұйымға жолдама" in text and "Направление в дошкольную организацию" in text
    )
    code = re.search(r"\?start=v_([A-Za-z0-9_-]+)", text)
    assert code is not None
    verified = await user.say(f"/start v_{code.group(1)}", w["authentic"])
    assert parent.iin not in verified.text

    card = await user.press(journal, journal.buttons[0][1], w["issued_status"])
    ask = await user.press(card, card.button(w["revoke"]), w["revoke_ask"])
    await user.press(ask, ask.button(w["confirm"]), w["revoked"])


async def test_a_parent_walks_through_in_kazakh_and_in_russian(tmp_path: Path) -> None:
    await cli(tmp_path, "demo-keys", str(tmp_path / "keys"))
    await cli(tmp_path, "seed-demo")
    await cli(tmp_path, "sweep")
    async with running_bot(tmp_path) as api:
        described = {
            c.params.get("language_code") for c in api.calls if c.method == "setMyCommands"
        }
        assert {"kk", "ru"} <= described
        await walk(api, tmp_path / "keys", parent_index=0, language="kk", user_id=7001)
        await walk(api, tmp_path / "keys", parent_index=2, language="ru", user_id=7002)
