"""The playground's Bot API stand-in over HTTP, driven by aiogram's own Bot as the bot drives it:
every method the bot uses, Telegram's limits with Telegram's words, uploads with attach://, and
long polling that returns the moment an update arrives (the playground issue, point 2)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramNotFound
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    MenuButtonCommands,
    ReplyKeyboardMarkup,
)

from bot.playground.bot_api import BotApi, serving
from bot.playground.chat_view import chat_view
from bot.playground.telegram_rules import MAX_BOT_DOWNLOAD

TOKEN = "42:PLAYGROUND"
CHAT = 7


@pytest.fixture
async def api() -> AsyncIterator[tuple[BotApi, Bot, str]]:
    stand_in = BotApi(TOKEN)
    async with serving(stand_in) as url:
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
        yield stand_in, bot, url
        await bot.session.close()


def keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="OK", callback_data=data)]]
    )


async def test_messages_are_sent_edited_and_deleted_as_telegram_does(
    api: tuple[BotApi, Bot, str],
) -> None:
    _, bot, _ = api
    me = await bot.get_me()
    assert me.is_bot and me.username

    sent = await bot.send_message(CHAT, "Сәлем\nекінші жол", reply_markup=keyboard("a"))
    assert sent.text == "Сәлем\nекінші жол"
    assert sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "a"
    edited = await bot.edit_message_text("Жаңа", chat_id=CHAT, message_id=sent.message_id)
    assert not isinstance(edited, bool) and edited.text == "Жаңа"
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Жаңа", chat_id=CHAT, message_id=sent.message_id)
    await bot.edit_message_reply_markup(
        chat_id=CHAT, message_id=sent.message_id, reply_markup=keyboard("b")
    )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=CHAT, message_id=sent.message_id, reply_markup=keyboard("b")
        )
    assert await bot.answer_callback_query("q1", text="Дайын")

    assert await bot.delete_message(CHAT, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(CHAT, sent.message_id)
    others = [await bot.send_message(CHAT, str(n)) for n in range(2)]
    assert await bot.delete_messages(CHAT, [m.message_id for m in others] + [999_999])


async def test_telegram_s_limits_are_refused_in_telegram_s_words(
    api: tuple[BotApi, Bot, str],
) -> None:
    _, bot, _ = api
    assert (await bot.send_message(CHAT, "я" * 4096)).text == "я" * 4096
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(CHAT, "я" * 4097)
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(CHAT, "x", reply_markup=keyboard("ә" * 33))  # 66 bytes
    await bot.send_message(CHAT, "x", reply_markup=keyboard("a" * 64))
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(CHAT, " ")


async def test_files_go_both_ways_with_their_names_and_the_download_limit(
    api: tuple[BotApi, Bot, str],
) -> None:
    stand_in, bot, url = api
    pdf = b"%PDF-1.7 referral"
    sent = await bot.send_document(
        CHAT, BufferedInputFile(pdf, "Жолдама-2026.pdf"), caption="Жолдама"
    )
    assert sent.document is not None and sent.document.file_name == "Жолдама-2026.pdf"
    assert stand_in.calls[-1].files["document"] == pdf
    photo = await bot.send_photo(CHAT, BufferedInputFile(b"\x89PNG", "qr.png"), caption="QR")
    assert photo.photo and photo.caption == "QR"
    captioned = await bot.edit_message_caption(
        chat_id=CHAT, message_id=photo.message_id, caption="QR код"
    )
    assert not isinstance(captioned, bool) and captioned.caption == "QR код"

    # A person's file: its path and bytes, as the bot downloads it.
    key = stand_in.upload(b"p12 bytes", "AUTH_RSA256.p12")
    file = await bot.get_file(key)
    assert file.file_size == 9 and file.file_path is not None
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{url}/file/bot{TOKEN}/{file.file_path}") as response:
            assert await response.read() == b"p12 bytes"
        async with http.get(f"{url}/file/botWRONG/{file.file_path}") as response:
            assert response.status == 401
    huge = stand_in.upload(b"\0" * (MAX_BOT_DOWNLOAD + 1), "scan.pdf")
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await bot.get_file(huge)


async def test_the_bot_s_settings_are_taken(api: tuple[BotApi, Bot, str]) -> None:
    stand_in, bot, _ = api
    assert await bot.set_my_commands([BotCommand(command="start", description="Бастау")])
    assert await bot.delete_my_commands()
    assert await bot.set_my_description("Сипаттама")
    assert await bot.set_my_short_description("Қысқа")
    assert await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    assert await bot.delete_webhook()
    assert [c.method for c in stand_in.calls][-6:] == [
        "setMyCommands",
        "deleteMyCommands",
        "setMyDescription",
        "setMyShortDescription",
        "setChatMenuButton",
        "deleteWebhook",
    ]
    assert stand_in.calls[0].params["commands"] == [{"command": "start", "description": "Бастау"}]


async def test_an_unknown_method_is_a_404_never_a_silent_true(
    api: tuple[BotApi, Bot, str],
) -> None:
    _, bot, url = api
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{url}/bot{TOKEN}/sendDice", data={"chat_id": "7"}) as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        async with http.post(f"{url}/botWRONG/getMe") as response:
            assert response.status == 401
    with pytest.raises(TelegramNotFound):
        await bot.send_dice(CHAT)


async def test_long_polling_returns_the_moment_an_update_arrives(
    api: tuple[BotApi, Bot, str],
) -> None:
    stand_in, bot, _ = api
    polling = asyncio.create_task(bot.get_updates(offset=0, timeout=50))
    await stand_in.wait_for(lambda call: call.method == "getUpdates")  # it is waiting now
    update_id = await stand_in.push(
        {
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": CHAT, "type": "private"},
                "from": {"id": CHAT, "is_bot": False, "first_name": "Айгүл"},
                "text": "/start",
            }
        }
    )
    # Long before its 50 s: the bound only turns a hang into a failure.
    updates = await asyncio.wait_for(polling, timeout=10)
    assert [(u.update_id, u.message.text if u.message else None) for u in updates] == [
        (update_id, "/start")
    ]
    assert await bot.get_updates(offset=update_id + 1, timeout=0) == []


async def test_what_the_page_draws_a_chat_from(api: tuple[BotApi, Bot, str]) -> None:
    """Each chat's messages in order, its reply keyboard until removed or used once, the alert of
    a pressed button, and the command menu of the chat's scope (chat_view.py draws from it)."""
    stand_in, bot, _ = api
    person = {"id": CHAT, "is_bot": False, "first_name": "Айгүл"}
    await stand_in.push(
        {
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": CHAT, "type": "private"},
                "from": person,
                "text": "/start",
            }
        }
    )
    once = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="Телефон", request_contact=True)]], one_time_keyboard=True
    )
    await bot.send_message(CHAT, "Бөлісіңіз", reply_markup=once)
    await bot.send_message(CHAT + 1, "Басқа чат")
    view = chat_view(stand_in.messages, CHAT)
    assert [(m["from"], m["text"]) for m in view["messages"]] == [
        ("me", "/start"),
        ("bot", "Бөлісіңіз"),
    ]
    assert view["keyboard"] == [[{"text": "Телефон", "contact": True, "location": False}]]
    contact = {"phone_number": "+77011234567", "user_id": CHAT, "first_name": "Айгүл"}
    await stand_in.push(
        {
            "message": {
                "message_id": 2,
                "date": 0,
                "chat": {"id": CHAT, "type": "private"},
                "from": person,
                "contact": contact,
            }
        }
    )
    view = chat_view(stand_in.messages, CHAT)
    assert view["keyboard"] is None  # a one-time keyboard hides once used
    assert view["messages"][-1]["text"] == "📞 +77011234567"

    sent = await bot.send_message(CHAT, "Таңдаңыз", reply_markup=keyboard("a"))
    query = {
        "id": "q1",
        "from": person,
        "chat_instance": "c",
        "data": "a",
        "message": sent.model_dump(mode="json", exclude_none=True),
    }
    await stand_in.push({"callback_query": query})
    await bot.answer_callback_query("q1", text="Орын алынды", show_alert=True)
    assert chat_view(stand_in.messages, CHAT)["alert"]["text"] == "Орын алынды"
    assert chat_view(stand_in.messages, CHAT + 1)["alert"] is None

    await bot.set_my_commands(
        [BotCommand(command="start", description="Бас мәзір")], language_code="kk"
    )
    await bot.set_my_commands(
        [BotCommand(command="arrived", description="келді")],
        scope=BotCommandScopeChat(chat_id=CHAT),
        language_code="kk",
    )
    assert [c["command"] for c in stand_in.commands(CHAT, "kk")] == ["arrived"]
    assert [c["command"] for c in stand_in.commands(CHAT + 1, "kk")] == ["start"]
    await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=CHAT), language_code="kk")
    assert [c["command"] for c in stand_in.commands(CHAT, "kk")] == ["start"]


async def test_the_page_s_long_poll_returns_at_once_on_news(api: tuple[BotApi, Bot, str]) -> None:
    stand_in, bot, _ = api
    version = stand_in.messages.version
    assert await stand_in.changed(version, timeout=0) == version  # nothing new: as it was
    waiting = asyncio.create_task(stand_in.changed(version, timeout=60))
    await asyncio.sleep(0)
    assert not waiting.done()
    await bot.send_message(CHAT, "Жаңалық")
    assert await waiting > version


async def test_places_on_the_map_go_as_telegram_sends_them(api: tuple[BotApi, Bot, str]) -> None:
    stand_in, bot, _ = api
    venue = await bot.send_venue(
        CHAT, latitude=43.25, longitude=76.92, title="«Жақын» балабақшасы", address="Абай 10"
    )
    assert venue.venue is not None and venue.venue.title == "«Жақын» балабақшасы"
    assert venue.location is not None and venue.location.latitude == 43.25
    shown = chat_view(stand_in.messages, CHAT)["messages"][-1]
    assert shown["text"] == "📍 «Жақын» балабақшасы\nАбай 10"
    assert shown["map"].startswith("https://www.openstreetmap.org/?mlat=43.25&mlon=76.92")
    located = await bot.send_location(CHAT, latitude=51.17, longitude=71.45)
    assert located.location is not None and located.location.longitude == 71.45
    with pytest.raises(TelegramBadRequest, match="wrong latitude or longitude"):
        await bot.send_location(CHAT, latitude=95.0, longitude=71.45)
