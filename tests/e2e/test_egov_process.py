"""End to end with eGov Mobile: `python -m bot run` serves API №1 and №2 on a free port beside
long polling, and a parent logs in and signs the referral on a simulated phone over real HTTP —
no key file and no password ever reach the chat (issue #11)."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from services.demo import DEMO_PARENTS
from services.eds.demo_pki import DEMO_PASSWORD
from tests.e2e.harness import TelegramUser, cli, running_bot
from tests.fakes.bot_api import Call
from tests.fakes.egov_mobile import EgovMobile, Key
from tests.ports import free_port


def egov_link(offer: Call, label: str) -> str:
    [(shown, url)] = offer.urls
    assert shown == label
    return url


async def test_a_parent_logs_in_and_signs_in_egov_mobile_against_the_process(
    tmp_path: Path,
) -> None:
    await cli(tmp_path, "demo-keys", str(tmp_path / "keys"))
    await cli(tmp_path, "seed-demo")
    await cli(tmp_path, "sweep")
    port = free_port()
    settings = {
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": str(port),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",  # https in production; the phone is ours here
        "EGOV_SIGNING": "direct",
        "ORG_BIN": "123456789012",
    }
    parent = DEMO_PARENTS[2]
    keys = tmp_path / "keys"
    phone = EgovMobile("ru")
    async with running_bot(tmp_path, **settings) as api:
        user = TelegramUser(api, 7101, parent.name, "ru")
        start = await user.say("/start", "Выберите язык.")
        await user.press(start, "l:ru", "Этот бот")
        offer = await user.say("Войти", user.photo())
        assert "Ссылка работает один раз" in offer.text
        assert "Файлом ключа" not in [label for label, _ in offer.buttons]  # KEY_FILES_IN_CHAT
        login_key = Key.from_p12(keys / f"AUTH_RSA256_{parent.iin}.p12", DEMO_PASSWORD)
        mark = len(api.calls)
        visit = await phone.visit(egov_link(offer, "Войти через eGov Mobile"))
        assert visit.api1["organisation"]["bin"] == "123456789012"
        answer = await phone.sign(egov_link(offer, "Войти через eGov Mobile"), login_key)
        assert answer.status == 200, answer.body
        owner = await api.wait_for(
            lambda c: c.chat_id == user.id and "Владелец ключа:" in c.text, after=mark
        )
        assert parent.surname.upper() in owner.text
        await user.press(owner, owner.button("Войти"), "нужен адрес электронной почты")
        await user.say("parent7101@mail.kz", "поделитесь номером телефона")
        await user.share_contact("+77011234567", "Готово.")

        journal = await user.say("Журнал заявлений", "Ваши заявления")
        card = await user.press(journal, journal.buttons[0][1], "Статус: Уведомление отправлено")
        notice = await user.press(card, card.button("Выбрать государственный"), "Обратите внимание")
        listing = await user.press(notice, notice.button("OK"), "Свободные места")
        first = next(data for label, data in listing.buttons if "свободно" in label)
        place = await user.press(listing, first, "Свободных мест:")
        offer = await user.press(place, place.button("Подписать и отправить"), user.photo())
        signing_key = Key.from_p12(keys / f"RSA256_{parent.iin}.p12", DEMO_PASSWORD)
        mark = len(api.calls)
        answer = await phone.sign(egov_link(offer, "Подписать в eGov Mobile"), signing_key)
        assert answer.status == 200, answer.body
        sent = await api.wait_for(
            lambda c: c.chat_id == user.id and c.method == "sendDocument", after=mark
        )
        issued = [c for c in api.calls[mark:] if c.chat_id == user.id and "выдано" in c.text]
        assert issued, "the chat says the referral is issued"
        text = "\n".join(
            p.extract_text() for p in PdfReader(io.BytesIO(sent.files["document"])).pages
        )
        assert "Направление в дошкольную организацию" in text
        assert not [c for c in api.calls if c.method == "getFile"]  # no key file was fetched
