"""R1, R2 in the chat: /start → language → «Войти» / «Кіру» → key → password → owner → confirm →
e-mail → phone; and every refusal on the way as a clear sentence."""

from __future__ import annotations

from services.eds.demo_pki import DEMO_PASSWORD
from tests.flows.conftest import PARENT_USER, ChatWorld
from tests.flows.driver import ChatDriver
from tests.pki import HOLDER


async def log_in(
    world: ChatWorld, chat: ChatDriver, *, first_time: bool = True, language: str = "ru"
) -> None:
    await chat.send("/start")
    await chat.press(f"l:{language}")
    await chat.send("Войти" if language == "ru" else "Кіру")
    await chat.send_document(
        world.pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes(), f"AUTH_RSA256_{HOLDER.iin}.p12"
    )
    await chat.send(DEMO_PASSWORD)
    await chat.press("k:login")
    if first_time:
        await chat.send("aigul@mail.kz")
        await chat.send_contact("+7 701 234 56 78", chat.user.id)


async def test_first_login_in_russian(world: ChatWorld) -> None:
    chat = world.driver()
    reply = await chat.send("/start")
    assert reply.text == "Тілді таңдаңыз.\nВыберите язык."
    assert [label for label, _ in reply.inline_buttons] == ["Қазақша", "Русский"]

    reply = await chat.press("l:ru")
    assert reply.alerts == ["Чат теперь на русском языке."]
    assert "Начните с кнопки «Войти»" in reply.text
    assert reply.menu == ["Войти", "Настройки", "Помощь"]

    reply = await chat.send("Войти")
    assert reply.text.startswith("Отправьте ключ аутентификации ЭЦП файлом")

    key = world.pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes()
    reply = await chat.send_document(key, f"AUTH_RSA256_{HOLDER.iin}.p12")
    assert reply.text.startswith("Теперь отправьте пароль ключа.")

    password = chat.message(text=DEMO_PASSWORD)
    reply = await chat.send_message(password)
    assert reply.deleted == [password.message_id]  # the password message is deleted at once
    assert reply.text == (
        f"Владелец ключа: СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ\nИИН: {HOLDER.iin[:4]}******{HOLDER.iin[-2:]}\n"
        "Сертификат действует до 06.04.2027"
    )
    assert [label for label, _ in reply.inline_buttons] == ["Войти", "Отмена"]

    reply = await chat.press(reply.button("Войти"))
    assert (
        reply.text
        == "Добро пожаловать, СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ! При первом входе нужен адрес электронной почты: отправьте его."
    )

    reply = await chat.send("aigul at mail")
    assert reply.text == "Это не похоже на адрес электронной почты. Пример: aigul@mail.kz"
    reply = await chat.send("Aigul@Mail.kz")
    assert reply.text == "Спасибо. Теперь поделитесь номером телефона кнопкой ниже."
    assert reply.menu == ["Поделиться номером телефона"]

    reply = await chat.send_contact("+7 777 000 00 00", user_id=999)  # somebody else's contact
    assert reply.text == "Поделитесь своим номером телефона кнопкой ниже."
    reply = await chat.send_contact("8 701 234 56 78", user_id=PARENT_USER)
    assert reply.text.startswith(
        "Готово. Уведомления будут приходить сюда и на вашу электронную почту."
    )
    assert reply.menu == ["Журнал заявлений", "Общие документы", "Настройки", "Помощь"]

    account = await world.services.accounts.current(PARENT_USER)
    assert account is not None
    assert (account.iin, account.email, account.phone) == (
        HOLDER.iin,
        "aigul@mail.kz",
        "+77012345678",
    )


async def test_login_refusals_in_kazakh(world: ChatWorld) -> None:
    chat = world.driver(language_code="kk")
    await chat.send("/start")
    await chat.press("l:kk")
    await chat.send("Кіру")

    reply = await chat.send("hello")
    assert reply.text == "Кілт файлын құжат ретінде жіберіңіз (📎 → Файл) немесе /cancel."
    reply = await chat.send_photo()
    assert reply.text == "Кілт файлын құжат ретінде жіберіңіз (📎 → Файл) немесе /cancel."
    reply = await chat.send_document(b"x", "huge.p12", declared_size=100 * 1024 * 1024)
    assert reply.text == "Бұл файл ЭЦҚ кілті үшін тым үлкен (64 КБ-тан артық)."
    assert not world.session.downloads  # refused by its size, never downloaded

    await chat.send_document(b"%PDF-1.4 not a key", "scan.pdf")
    reply = await chat.send("anything")
    assert reply.text.startswith("Бұл ЭЦҚ кілт файлы емес.")

    await chat.send_document(world.pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes(), "RSA256.p12")
    reply = await chat.send(DEMO_PASSWORD)
    assert reply.text.startswith("Бұл қол қоюға арналған кілт. Кіру үшін атауы AUTH_RSA256")

    for name in ("EXPIRED", "COMPANY", "REVOKED"):
        await chat.send_document(world.pki.keys[name].read_bytes(), f"{name}.p12")
        reply = await chat.send(DEMO_PASSWORD)
        expected = {
            "EXPIRED": "Кілт сертификатының мерзімі",
            "COMPANY": "Бұл ұйымның кілті.",
            "REVOKED": "Кілт 05.04.2026 кері қайтарылған.",
        }[name]
        assert reply.text.startswith(expected), reply.text

    await chat.send_document(world.pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes(), "AUTH.p12")
    reply = await chat.send("wrong-password")
    assert reply.text == "Құпиясөз қате. Қайта жіберіңіз."
    reply = await chat.send_sticker()
    assert reply.text == "Құпиясөзді мәтіндік хабарламамен жіберіңіз немесе /cancel."
    reply = await chat.send("/cancel")
    assert reply.text == "Болдырылмады."
    assert reply.menu == ["Кіру", "Баптаулар", "Анықтама"]
    assert await world.services.accounts.current(chat.user.id) is None


async def test_a_second_login_skips_the_contact_questions(world: ChatWorld) -> None:
    chat = world.driver()
    await log_in(world, chat)
    await chat.press("m:logout")
    assert await world.services.accounts.current(PARENT_USER) is None
    await chat.send("Войти")
    await chat.send_document(world.pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes(), "AUTH.p12")
    await chat.send(DEMO_PASSWORD)
    reply = await chat.press("k:login")
    assert (
        reply.text
        == "Добро пожаловать, СЕЙТҚАЛИЕВА АЙГҮЛ МАРАТҚЫЗЫ! Ваши заявления — в разделе «Журнал заявлений»."
    )


async def test_the_session_expires(world: ChatWorld) -> None:
    chat = world.driver()
    await log_in(world, chat)
    world.clock.advance(hours=2, seconds=1)
    reply = await chat.send("Журнал заявлений")
    assert reply.text == "Сначала войдите с ключом ЭЦП: «Войти»."
    assert reply.menu == ["Войти", "Настройки", "Помощь"]
