"""Only your own family (the parent's-conversation issue, point 9): forged buttons for another
family's application, referral or document, and for ids that do not exist, get a polite refusal;
nothing leaks and nothing changes."""

from __future__ import annotations

from domain.enums import Language
from services.eds.demo_pki import DEMO_PASSWORD
from tests.flows.conftest import ChatWorld
from tests.flows.test_login import log_in
from tests.pki import STRANGER

NOT_YOURS = "Этого заявления нет в вашем журнале."


async def strangers_referral(world: ChatWorld) -> tuple[int, int]:
    """The other family signs a referral through the services: their application and referral ids."""
    application_id = await world.scenario.application_id(world.numbers["strangers"])
    request = (
        await world.services.requests.prepare(
            application_id=application_id,
            kindergarten_id=await world.scenario.kindergarten_id("KG2"),
            language=Language.RU,
            parent_iin=STRANGER.iin,
        )
    ).request
    key = world.pki.keys[f"RSA256_{STRANGER.iin}"].read_bytes()
    signature = await world.services.keys.sign(999, key, DEMO_PASSWORD, request.canonical_bytes())
    referral = (await world.services.issuer.issue(request, signature)).referral
    return application_id, referral.id


async def test_forged_buttons_for_another_family(world: ChatWorld) -> None:
    application_id, referral_id = await strangers_referral(world)
    before = await world.scenario.status(world.numbers["strangers"])
    kg2 = await world.scenario.kindergarten_id("KG2")
    chat = world.driver()
    await log_in(world, chat)
    sent_documents = 0
    for data in (
        f"a:o:{application_id}",
        f"a:c:{application_id}",
        f"a:d:{application_id}",
        f"a:r:{application_id}",
        f"a:R:{application_id}",
        f"p:{application_id}:0::0:0",
        f"ds:{application_id}:",
        f"pc:{application_id}:{kg2}:ru",
        f"s:{application_id}:{kg2}:ru",
        f"X:{application_id}:10",
        f"nr:{application_id}::0",
        f"mp:{application_id}:{kg2}:ru",
        f"al:o:{application_id}:0:0",
        f"al:e:{application_id}:0:0",
        f"al:t:{application_id}:{kg2}:0",
    ):
        reply = await chat.press(data)
        assert reply.answered_callbacks == 1, data
        assert reply.text in (
            NOT_YOURS,
            "Это направление вы уже не можете отозвать.",
            "Это направление продлить нельзя.",
        ), (data, reply.text)
        assert STRANGER.surname not in reply.text and world.numbers["strangers"] not in reply.text
        sent_documents += len(reply.documents)
    pdf = await chat.press(f"f:{referral_id}")
    assert pdf.text == NOT_YOURS and not pdf.documents
    assert sent_documents == 0
    after = await world.scenario.status(world.numbers["strangers"])
    assert after == before  # nothing changed: still issued, not revoked, not extended
    assert after["referral"]["status"] == "active" and after["referral"]["extended"] is False


async def test_buttons_for_nothing_and_garbage(world: ChatWorld) -> None:
    chat = world.driver()
    await log_in(world, chat)
    for data in ("a:o:999999", "p:999999:0::0:0", "pc:999999:1:kk", "f:999999"):
        reply = await chat.press(data)
        assert reply.text in (NOT_YOURS, "Такого направления нет."), (data, reply.text)
    for data in ("zzz", "a:o:not-a-number", "a:?:1", "l:en", "", "x" * 64):
        reply = await chat.press(data)
        assert reply.answered_callbacks == 1, data
        assert "Traceback" not in reply.text


async def test_buttons_need_a_login(world: ChatWorld) -> None:
    own = await world.scenario.application_id(world.numbers["mine"])
    chat = world.driver()
    await chat.send("/start")
    await chat.press("l:ru")
    reply = await chat.press(f"a:o:{own}")
    assert reply.text == "Сначала войдите с ключом ЭЦП: «Войти»."


async def test_menu_buttons_reach_their_own_handler_and_a_forged_one_is_refused(
    world: ChatWorld,
) -> None:
    """The journal's router is asked first: the settings' menu buttons must still reach settings,
    and a menu button that does not exist gets the stale-button answer, changing nothing."""
    chat = world.driver()
    await log_in(world, chat)
    language = await chat.press("m:language")
    assert language.answered_callbacks == 1
    assert "язык" in language.text.lower()
    forged = await chat.press("m:bogus")
    assert forged.answered_callbacks == 1
    assert forged.alerts == ["Эта кнопка больше не активна."]
    assert forged.text == ""
    assert (await chat.press("m:journal")).answered_callbacks == 1
