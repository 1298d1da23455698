"""Every way eGov Mobile's signature is refused: the phone gets 403 (or 401, 410) with a message
in its language, the chat is told plainly, nothing is issued, every refused PUT is audited with
its reason, and a request is never used twice (R1, R10)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.app import build_dispatcher
from handlers.options import ChatOptions
from storage.models import AuditEntry, Referral
from tests.fakes.egov_mobile import as_gost_2015, cms
from tests.flows.driver import ChatDriver, Reply
from tests.flows.egov_world import EgovWorld, link, offered_login
from tests.flows.test_referral_flow import open_card
from tests.pki import HOLDER, STRANGER


async def signing_offer(world: EgovWorld) -> tuple[ChatDriver, Reply]:
    """Logged in by phone, the first place chosen, «Подписать и отправить» pressed."""
    chat = world.chat_world.driver()
    offer = await offered_login(world, chat)
    assert (await world.phone().sign(link(offer), world.holder_login)).status == 200
    await world.chat.settled()
    await chat.press("k:login")
    await chat.send("aigul@mail.kz")
    await chat.send_contact("+7 701 234 56 78", chat.user.id)
    card = await open_card(world.chat_world, chat, "mine")
    notice = await chat.press(card.button("Выбрать государственный детский сад"))
    listing = await chat.press(notice.button("OK"))
    place = await chat.press(listing.inline_buttons[0][1])
    return chat, await chat.press(place.button("Подписать и отправить"))


async def referrals(world: EgovWorld) -> int:
    async with world.chat_world.services.uow.read() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(Referral)) or 0)


async def refusals(world: EgovWorld) -> list[str]:
    async with world.chat_world.services.uow.read() as uow:
        rows = await uow.session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "egov_signature_refused")
        )
        return [str((details or {}).get("reason")) for details in rows]


async def told(world: EgovWorld, start: int) -> Reply:
    await world.chat.settled()
    return Reply(world.chat_world.session.requests[start:])


async def test_another_persons_key_is_refused_then_the_applicants_is_taken(
    egov_world: EgovWorld,
) -> None:
    _chat, offer = await signing_offer(egov_world)
    stranger = egov_world.key(f"RSA256_{STRANGER.iin}")
    start = len(egov_world.chat_world.session.requests)
    answer = await egov_world.phone().sign(link(offer), stranger)
    assert answer.status == 403
    assert answer.message == "Направление должно быть подписано собственным ключом заявителя."
    said = await told(egov_world, start)
    assert said.text.startswith("Направление должно быть подписано собственным ключом заявителя.")
    assert "Подпишите ещё раз в eGov Mobile" in said.text
    assert await referrals(egov_world) == 0
    assert await refusals(egov_world) == ["signer_is_not_applicant"]
    # The request is still open: the applicant's own key is taken.
    answer = await egov_world.phone().sign(link(offer), egov_world.holder_signing)
    assert answer.status == 200 and await referrals(egov_world) == 1


@pytest.mark.parametrize(
    ("key", "language", "message"),
    [
        ("COMPANY", "ru", "Это ключ организации. Используйте свой личный ключ."),
        ("COMPANY", "kk", "Бұл ұйымның кілті. Жеке кілтіңізді пайдаланыңыз."),
        ("REVOKED", "ru", "Ключ отозван 05.04.2026. Получите новый ключ в НУЦ."),
        (
            "EXPIRED",
            "ru",
            "Срок сертификата ключа истёк 06.04.2025. Получите новый ключ в НУЦ.",
        ),
    ],
)
async def test_a_company_revoked_or_expired_key_cannot_log_in(
    egov_world: EgovWorld, key: str, language: str, message: str
) -> None:
    chat = egov_world.chat_world.driver(language_code=language)
    offer = await offered_login(egov_world, chat, language)
    start = len(egov_world.chat_world.session.requests)
    answer = await egov_world.phone(language).sign(link(offer), egov_world.key(key))
    assert (answer.status, answer.message) == (403, message)
    said = await told(egov_world, start)
    assert said.text.startswith(message)
    assert "k:login" not in [data for _, data in said.inline_buttons]  # nobody to log in as
    assert (await egov_world.chat_world.services.identities.identify(chat.user.id)).account is None


async def test_tampered_content_and_an_unverifiable_algorithm_are_refused(
    egov_world: EgovWorld,
) -> None:
    chat = egov_world.chat_world.driver()
    offer = await offered_login(egov_world, chat)
    phone = egov_world.phone()
    visit = await phone.visit(link(offer))
    tampered = cms(visit.data.replace(b"kindergarten", b"kindergartem"), egov_world.holder_login)
    answer = await phone.send_signature(visit, tampered)
    assert (answer.status, answer.message) == (403, "Подпись недействительна.")
    start = len(egov_world.chat_world.session.requests)
    gost = as_gost_2015(cms(visit.data, egov_world.holder_login))
    answer = await phone.send_signature(visit, gost)
    assert answer.status == 403 and "ГОСТ" in answer.message
    said = await told(egov_world, start)
    assert said.text.startswith(answer.message)  # the chat explains it plainly too
    assert await refusals(egov_world) == ["signature_invalid", "unsupported_algorithm"]


async def test_a_junk_body_and_a_wrong_token(egov_world: EgovWorld) -> None:
    chat = egov_world.chat_world.driver()
    offer = await offered_login(egov_world, chat)
    phone = egov_world.phone()
    visit = await phone.visit(link(offer))
    junk = await phone.put(visit.uri, visit.token, b"\x00not json at all")
    assert (junk.status, junk.message) == (
        403,
        "eGov Mobile не прислал подпись. Подпишите ещё раз.",
    )
    wrong = await phone.send_signature(
        visit, cms(visit.data, egov_world.holder_login), token="forged-token"
    )
    assert (wrong.status, wrong.message) == (
        401,
        "Ссылка для подписи недействительна. Откройте её заново.",
    )
    assert await refusals(egov_world) == ["not_a_signature"]  # a wrong token is not the phone's
    right = await phone.send_signature(visit, cms(visit.data, egov_world.holder_login))
    assert right.status == 200


async def test_a_used_request_and_two_puts_at_once(egov_world: EgovWorld) -> None:
    _chat, offer = await signing_offer(egov_world)
    phone = egov_world.phone()
    visit = await phone.visit(link(offer))
    signature = cms(visit.data, egov_world.holder_signing)
    both = await asyncio.gather(
        phone.send_signature(visit, signature), phone.send_signature(visit, signature)
    )
    assert sorted(answer.status for answer in both) == [200, 410]
    assert await referrals(egov_world) == 1
    again = await phone.send_signature(visit, signature)
    assert again.status == 410 and "уже использована" in again.message
    await egov_world.chat.settled()


async def test_an_expired_request_offers_a_new_link_with_one_tap(egov_world: EgovWorld) -> None:
    chat = egov_world.chat_world.driver()
    offer = await offered_login(egov_world, chat)
    phone = egov_world.phone()
    visit = await phone.visit(link(offer))
    egov_world.chat_world.clock.advance(minutes=5, seconds=1)  # R1: 5 minutes
    late = await phone.send_signature(visit, cms(visit.data, egov_world.holder_login))
    assert late.status == 410
    start = len(egov_world.chat_world.session.requests)
    await egov_world.chat.expired(await egov_world.chat_world.services.egov.expire_due())
    said = Reply(egov_world.chat_world.session.requests[start:])
    assert said.captions == [
        "Срок действия ссылки истёк. Нажмите «Новая ссылка», чтобы получить новую."
    ]
    fresh = await chat.press(said.button("Новая ссылка"))
    assert len(fresh.photos) == 1 and link(fresh) != link(offer)
    answer = await phone.sign(link(fresh), egov_world.holder_login)
    assert answer.status == 200


async def test_declined_in_the_app_and_cancelled_in_the_chat(egov_world: EgovWorld) -> None:
    chat = egov_world.chat_world.driver()
    offer = await offered_login(egov_world, chat)
    phone = egov_world.phone()
    start = len(egov_world.chat_world.session.requests)
    assert (await phone.decline(link(offer))).status == 200
    assert (await told(egov_world, start)).captions == ["Отклонено в eGov Mobile."]
    assert (await phone.first_look(link(offer))).status == 410

    second = await chat.send("Войти")
    cancelled = await chat.press(second.button("Отмена"))
    assert cancelled.captions == ["Отменено."]
    assert (await phone.first_look(link(second))).status == 410


async def test_ten_refused_signatures_an_hour_then_a_cool_down(egov_world: EgovWorld) -> None:
    chat = egov_world.chat_world.driver()
    offer = await offered_login(egov_world, chat)
    phone = egov_world.phone()
    visit = await phone.visit(link(offer))
    wrong = egov_world.key("REVOKED")
    for _ in range(10):
        assert (await phone.send_signature(visit, cms(visit.data, wrong))).status == 403
    cooled = await phone.send_signature(visit, cms(visit.data, egov_world.holder_login))
    assert cooled.status == 403 and "Слишком много подписей отклонено" in cooled.message
    egov_world.chat_world.clock.advance(hours=1, seconds=1)
    fresh = await chat.send("Войти")
    assert (await phone.sign(link(fresh), egov_world.holder_login)).status == 200


async def test_a_key_file_is_refused_where_the_chat_accepts_none(egov_world: EgovWorld) -> None:
    world = egov_world.chat_world
    world.dispatcher = build_dispatcher(
        world.services, options=ChatOptions(egov=egov_world.presenter, key_files=False)
    )
    chat = world.driver()
    offer = await offered_login(egov_world, chat)
    assert [label for label, data in offer.inline_buttons if data] == ["Отмена"]
    key = world.pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes()
    refused = await chat.send_document(key, f"AUTH_RSA256_{HOLDER.iin}.p12")
    assert len(refused.deleted) == 1  # the message that carried it, at once
    assert refused.text.startswith("В этом чате файлы ключей не принимаются")
    assert world.session.downloads == []  # never fetched
    forged = await chat.press(offer.button("Отмена").replace(":c:", ":k:"))
    assert forged.alerts == ["Эта кнопка больше не активна."]
