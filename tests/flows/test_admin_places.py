"""A district administrator publishes free places step by step, and the next sweep offers them
to the right applications (issue 6, the whole path; R6)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from domain.enums import ApplicationStatus, Language, PlaceState
from handlers.callbacks import PublishCb, PublishStep
from storage.models import Place
from tests.flows.driver import ChatDriver
from tests.flows.staff_world import ADMIN_D1, ADMIN_D2, NOBODY, SUPERADMIN, StaffWorld


async def _places(world: StaffWorld) -> list[tuple[int, int, Language, PlaceState]]:
    async with world.services.uow.read() as uow:
        rows = await uow.session.execute(
            select(Place.kindergarten_id, Place.group_year, Place.language, Place.state)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def _walk_to_count(admin: ChatDriver, kindergarten: str, year: str, language: str) -> None:
    listed = await admin.send("/places")
    chosen = await admin.press(listed.button(kindergarten))
    picked = await admin.press(chosen.button(year))
    await admin.press(picked.button(language))


@pytest.mark.parametrize(
    ("locale", "kk_word", "done"),
    [
        ("ru", "казахский", "Опубликовано свободных мест: 2"),
        ("kk", "қазақ тілі", "Жарияланды: 2 бос орын"),
    ],
)
async def test_published_places_are_offered_at_once(
    staff_world: StaffWorld, locale: str, kk_word: str, done: str
) -> None:
    admin = await staff_world.speaker(ADMIN_D1, locale)
    listed = await admin.send("/places")
    labels = [label for label, _ in listed.inline_buttons]
    assert any("KG1" in label for label in labels) and any("KG2" in label for label in labels)
    assert not any("KG9" in label for label in labels)  # another district's kindergarten

    chosen = await admin.press(listed.button("KG1"))
    assert [label for label, _ in chosen.inline_buttons][:8] == [
        str(year) for year in range(2026, 2018, -1)
    ]
    picked = await admin.press(chosen.button("2022"))
    languages = [label for label, _ in picked.inline_buttons]
    assert any(kk_word in label for label in languages)
    await admin.press(picked.button(kk_word))
    confirm = await admin.send("2")
    assert "2" in confirm.text and "2022" in confirm.text
    assert await _places(staff_world) == []  # nothing before the confirmation
    published = await admin.press(confirm.inline_buttons[0][1])
    assert done in published.text
    now = {"ru": "Сразу предложено очереди: 2;", "kk": "Кезекке бірден ұсынылды: 2;"}[locale]
    assert now in published.text

    kg1 = await staff_world.scenario.kindergarten_id("KG1")
    # R6 right after publishing: the turns are given now, not at the next sweep.
    assert await _places(staff_world) == [(kg1, 2022, Language.KK, PlaceState.OFFERED)] * 2
    async with staff_world.services.uow.read() as uow:
        audit = await uow.audit.trail(__import__("domain.enums").enums.AuditEntity.PLACE, "KG1")
    assert [(e.action, e.actor_id, e.details) for e in audit] == [
        ("places_published", f"tg:{ADMIN_D1}", {"group_year": 2022, "language": "kk", "count": 2})
    ]

    statuses = {
        key: (await staff_world.scenario.status(number))["status"]
        for key, number in staff_world.numbers.items()
    }
    assert statuses == {
        "d1": ApplicationStatus.NOTIFIED,
        "d1_benefit": ApplicationStatus.NOTIFIED,
        "d2": ApplicationStatus.IN_QUEUE,  # another district's queue gets nothing
    }
    assert (await staff_world.services.sweeps.run_due()).offers_made == 0


async def test_a_forged_kindergarten_of_another_district_is_refused(
    staff_world: StaffWorld,
) -> None:
    admin = await staff_world.speaker(ADMIN_D1, "ru")
    await admin.send("/places")
    kg9 = await staff_world.scenario.kindergarten_id("KG9")
    reply = await admin.press(PublishCb(step=PublishStep("kg"), value=kg9).pack())
    assert "вне районов" in reply.text
    assert reply.answered_callbacks == 1
    missing = await admin.press(PublishCb(step=PublishStep("kg"), value=99999).pack())
    assert "нет" in missing.text
    assert await _places(staff_world) == []


async def test_the_count_is_checked_and_asked_again(staff_world: StaffWorld) -> None:
    admin = await staff_world.speaker(ADMIN_D2, "kk")
    await _walk_to_count(admin, "KG9", "2021", "орыс тілі")
    assert "«бес» орын саны емес" in (await admin.send("бес")).text
    assert "1–1000 аралығында" in (await admin.send("5000")).text
    assert "сан түрінде" in (await admin.send_photo()).text
    confirm = await admin.send("3")
    assert "3" in confirm.text
    await admin.press(confirm.button("Жариялау"))
    kg9 = await staff_world.scenario.kindergarten_id("KG9")
    assert await _places(staff_world) == [(kg9, 2021, Language.RU, PlaceState.FREE)] * 3


async def test_a_double_tap_publishes_once_and_cancel_publishes_nothing(
    staff_world: StaffWorld,
) -> None:
    admin = await staff_world.speaker(SUPERADMIN, "ru")
    await _walk_to_count(admin, "KG9", "2022", "русский")
    confirm = await admin.send("1")
    ok = confirm.button("Опубликовать")
    await admin.press(ok)
    again = await admin.press(ok)
    assert again.answered_callbacks == 1
    assert len(await _places(staff_world)) == 1

    await _walk_to_count(admin, "KG1", "2022", "русский")
    cancelled = await admin.press((await admin.send("4")).button("Отмена"))
    assert "ничего не опубликовано" in cancelled.text
    assert len(await _places(staff_world)) == 1


async def test_a_parent_pressing_a_forged_publish_button_gets_nothing(
    staff_world: StaffWorld,
) -> None:
    parent = await staff_world.speaker(NOBODY, "ru")
    kg1 = await staff_world.scenario.kindergarten_id("KG1")
    for data in (
        PublishCb(step=PublishStep("kg"), value=kg1).pack(),
        PublishCb(step=PublishStep("ok")).pack(),
        PublishCb(step=PublishStep("cancel")).pack(),
    ):
        reply = await parent.press(data)
        assert reply.answered_callbacks == 1
        assert "KG1" not in reply.text and "Опубликовано" not in reply.text
    assert await _places(staff_world) == []


async def test_a_forged_group_year_or_language_is_refused(staff_world: StaffWorld) -> None:
    admin = await staff_world.speaker(ADMIN_D1, "ru")
    listed = await admin.send("/places")
    await admin.press(listed.button("KG2"))
    refused = await admin.press(PublishCb(step=PublishStep.YEAR, value=2010).pack())
    assert "2010" in refused.text and "не относится к дошкольным группам" in refused.text
    assert refused.answered_callbacks == 1
    picked = await admin.press(PublishCb(step=PublishStep.YEAR, value=2022).pack())
    assert "язык" in picked.text
    assert "казахский" not in str(picked.inline_buttons)  # KG2 teaches in Russian only
    # forged: KG2 has no kk groups; refused at once, and the step still waits for a language
    forged = await admin.press(PublishCb(step=PublishStep.LANGUAGE, lang=Language.KK).pack())
    assert "нет групп на этом языке" in forged.text
    typed = await admin.send("1")
    assert typed.text == "Используйте кнопки выше."
    assert await _places(staff_world) == []


async def test_the_kindergarten_list_has_pages(staff_world: StaffWorld) -> None:
    for number in range(10):
        await staff_world.scenario.kindergarten(f"KGP{number}", "D2", languages="kk")
    admin = await staff_world.speaker(ADMIN_D2, "kk")
    first = await admin.send("/places")
    codes = [label.split(" · ")[0] for label, _ in first.inline_buttons if " · " in label]
    assert codes == ["KG9", *(f"KGP{n}" for n in range(7))]
    assert "◀" not in [label for label, _ in first.inline_buttons]
    second = await admin.press(first.button("▶"))
    codes = [label.split(" · ")[0] for label, _ in second.inline_buttons if " · " in label]
    assert codes == ["KGP7", "KGP8", "KGP9"]
    assert "▶" not in [label for label, _ in second.inline_buttons]
    back = await admin.press(second.button("◀"))
    assert "KG9 · " in back.inline_buttons[0][0]


async def test_a_step_on_a_message_too_old_to_edit_comes_as_a_new_message(
    staff_world: StaffWorld,
) -> None:
    from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage

    admin = await staff_world.speaker(ADMIN_D1, "ru")
    listed = await admin.send("/places")
    staff_world.session.edit_refusals.append("message can't be edited")
    chosen = await admin.press(listed.button("KG1"))
    sent = [r for r in chosen.requests if isinstance(r, SendMessage)]
    assert len(sent) == 1 and "год группы" in (sent[0].text or "")
    assert chosen.answered_callbacks == 1 and "что-то пошло не так" not in chosen.text

    staff_world.session.edit_refusals.append("message is not modified")
    same = await admin.press(PublishCb(step=PublishStep("year"), value=2022).pack())
    # The message already shows this step: nothing more is sent, the button is answered.
    assert [type(r) for r in same.requests] == [EditMessageText, AnswerCallbackQuery]
