"""A handler's conversation changes are written together once it has answered
(bot/conversation.py): one that breaks mid-way leaves the conversation as it was, so the update
delivered again (webhook) or the person's next try finds a consistent step — never a "send the
password" state without the key file it needs."""

from __future__ import annotations

from aiogram.fsm.storage.base import StorageKey

from handlers.states import Login
from tests.flows.conftest import ChatWorld
from tests.pki import HOLDER


def key_of(world: ChatWorld, user_id: int) -> StorageKey:
    return StorageKey(bot_id=world.bot.id, chat_id=user_id, user_id=user_id)


async def test_a_handler_that_breaks_after_its_changes_leaves_the_step_as_it_was(
    world: ChatWorld,
) -> None:
    chat = world.driver()
    await chat.send("/start")
    await chat.press("l:ru")
    await chat.send("Войти")
    storage, key = world.dispatcher.storage, key_of(world, chat.user.id)
    assert await storage.get_state(key) == Login.key_file.state

    # The key file is read and remembered, then answering fails: nothing of it is kept.
    world.session.send_failures.append(RuntimeError("Telegram broke mid-answer"))
    key_file = world.pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes()
    await chat.send_document(key_file, "AUTH.p12")
    assert await storage.get_state(key) == Login.key_file.state
    assert "key_file_id" not in await storage.get_data(key)

    # The same file again goes through, state and data together.
    reply = await chat.send_document(key_file, "AUTH.p12")
    assert reply.text.startswith("Теперь отправьте пароль ключа.")
    assert await storage.get_state(key) == Login.password.state
    assert "key_file_id" in await storage.get_data(key)


async def test_a_refusal_is_an_answer_and_its_step_is_kept(world: ChatWorld) -> None:
    chat = world.driver()
    await chat.send("/start")
    await chat.press("l:ru")
    await chat.send("Войти")
    await chat.send_document(world.pki.keys["EXPIRED"].read_bytes(), "EXPIRED.p12")
    reply = await chat.send("Demo2026")
    assert reply.text.startswith("Срок сертификата ключа истёк")
    # The refusal moved the conversation back to the key file step, and that was written.
    key = key_of(world, chat.user.id)
    assert await world.dispatcher.storage.get_state(key) == Login.key_file.state
