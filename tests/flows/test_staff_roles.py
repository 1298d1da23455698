"""Roles with a scope (issue 6): superadministrators grant and revoke; to anyone without the
role the staff commands do not exist."""

from __future__ import annotations

import pytest

from domain.enums import StaffRoleKind
from tests.flows.staff_world import (
    ADMIN_D1,
    NOBODY,
    STAFF_KG1,
    SUPERADMIN,
    StaffWorld,
)

UNKNOWN = {
    "ru": "Я не понял. Пожалуйста, используйте кнопки меню ниже или /help.",
    "kk": "Түсінбедім. Төмендегі мәзір батырмаларын пайдаланыңыз немесе /help.",
}
STAFF_COMMANDS = [
    "/staff",
    "/grant 555 admin D1",
    "/revoke 901",
    "/roles",
    "/arrived 2026-000001",
    "/discharged 220301500011",
    "/documents 2026-000001 yes",
    "/today",
    "/places",
    "/find D1-0001",
    "/export",
    "/stats",
    "/broadcast",
]


@pytest.mark.parametrize("locale", ["ru", "kk"])
async def test_without_a_role_the_staff_commands_do_not_exist(
    staff_world: StaffWorld, locale: str
) -> None:
    before = await staff_world.counts()
    parent = await staff_world.speaker(NOBODY, locale)
    unknown = (await parent.send("/nosuchcommand")).text
    assert unknown == UNKNOWN[locale]
    for command in STAFF_COMMANDS:
        reply = await parent.send(command)
        assert reply.text == unknown, command
        assert "D1-0001" not in reply.text
    assert await staff_world.counts() == before


async def test_kindergarten_staff_do_not_have_the_administrators_commands(
    staff_world: StaffWorld,
) -> None:
    before = await staff_world.counts()
    staff = await staff_world.speaker(STAFF_KG1, "ru")
    for command in ["/grant 555 staff KG1", "/places", "/find D1-0001", "/export", "/stats"]:
        assert (await staff.send(command)).text == UNKNOWN["ru"], command
    assert await staff_world.counts() == before


async def test_an_administrator_cannot_grant_roles(staff_world: StaffWorld) -> None:
    before = await staff_world.counts()
    admin = await staff_world.speaker(ADMIN_D1, "kk")
    assert (await admin.send("/grant 555 admin D1")).text == UNKNOWN["kk"]
    assert (await admin.send("/revoke 902")).text == UNKNOWN["kk"]
    assert await staff_world.counts() == before


async def test_id_tells_anyone_their_telegram_id(staff_world: StaffWorld) -> None:
    parent = await staff_world.speaker(NOBODY, "ru")
    assert "101" in (await parent.send("/id")).text
    parent_kk = await staff_world.speaker(NOBODY, "kk")
    assert "Telegram ID: 101" in (await parent_kk.send("/id")).text


@pytest.mark.parametrize("locale", ["ru", "kk"])
async def test_superadministrator_grants_lists_and_revokes(
    staff_world: StaffWorld, locale: str
) -> None:
    boss = await staff_world.speaker(SUPERADMIN, locale)
    granted = await boss.send("/grant 555 admin D1 D2")
    assert "555" in granted.text and "D1, D2" in granted.text
    staffer = await staff_world.services.roles.staffer(555)
    assert staffer is not None and staffer.is_admin and len(staffer.district_ids) == 2

    staff = await boss.send("/grant 556 staff KG9")
    assert "556" in staff.text and "KG9" in staff.text
    listed = (await boss.send("/roles")).text
    for expected in ("555", "556", "KG9", "D1", "D2", str(STAFF_KG1)):
        assert expected in listed

    # The new administrator has the commands now; after /revoke they are gone again.
    newcomer = await staff_world.speaker(555, locale)
    assert "D1-0001" in (await newcomer.send("/find D1-0001")).text
    revoked = await boss.send("/revoke 555")
    assert "555" in revoked.text
    assert await staff_world.services.roles.staffer(555) is None
    assert (await newcomer.send("/find D1-0001")).text == UNKNOWN[locale]

    async with staff_world.services.uow.read() as uow:
        trail = await uow.audit.trail(__import__("domain.enums").enums.AuditEntity.ROLE, 555)
    assert [(e.action, e.actor_id) for e in trail] == [
        ("role_granted", f"tg:{SUPERADMIN}"),
        ("role_revoked", f"tg:{SUPERADMIN}"),
    ]


async def test_staff_belong_to_one_kindergarten(staff_world: StaffWorld) -> None:
    boss = await staff_world.speaker(SUPERADMIN, "ru")
    await boss.send("/grant 557 staff KG1")
    await boss.send("/grant 557 staff KG2")
    grants = await staff_world.services.roles.grants(
        await staff_world.services.roles.staffer(SUPERADMIN)  # type: ignore[arg-type]
    )
    mine = [g for g in grants if g.telegram_user_id == 557]
    assert [(g.role, g.kindergarten_code) for g in mine] == [(StaffRoleKind.STAFF, "KG2")]


@pytest.mark.parametrize(
    ("command", "ru", "kk"),
    [
        ("/grant", "/grant ID admin", "/grant ID admin"),
        ("/grant 555 boss D1", "/grant ID admin", "/grant ID admin"),
        ("/grant abc admin D1", "«abc»", "«abc»"),
        ("/grant 555 admin NOPE", "«NOPE»", "«NOPE»"),
        ("/grant 555 staff NOPE", "«NOPE»", "«NOPE»"),
        ("/revoke x", "«x»", "«x»"),
    ],
)
async def test_bad_grant_commands_are_explained_and_change_nothing(
    staff_world: StaffWorld, command: str, ru: str, kk: str
) -> None:
    before = await staff_world.counts()
    for locale, expected in (("ru", ru), ("kk", kk)):
        reply = await (await staff_world.speaker(SUPERADMIN, locale)).send(command)
        assert expected in reply.text, reply.text
        assert reply.text != UNKNOWN[locale]
    assert await staff_world.counts() == before


@pytest.mark.parametrize(
    ("user", "locale", "present", "absent"),
    [
        (STAFF_KG1, "ru", ["/arrived", "/today", "/documents"], ["/places", "/grant"]),
        (ADMIN_D1, "kk", ["/places", "/find", "/broadcast", "CSV"], ["/arrived", "/grant"]),
        (SUPERADMIN, "ru", ["/grant", "/revoke", "/roles", "/places"], ["/arrived"]),
    ],
)
async def test_staff_lists_the_commands_of_ones_role(
    staff_world: StaffWorld, user: int, locale: str, present: list[str], absent: list[str]
) -> None:
    text = (await (await staff_world.speaker(user, locale)).send("/staff")).text
    assert text.splitlines()[0] == {"ru": "Ваши команды:", "kk": "Сіздің пәрмендеріңіз:"}[locale]
    for command in present:
        assert command in text, command
    for command in absent:
        assert command not in text, command


async def test_a_role_brings_its_commands_into_the_users_menu_and_takes_them_away(
    staff_world: StaffWorld,
) -> None:
    from aiogram.methods import DeleteMyCommands, SetMyCommands
    from aiogram.types import BotCommandScopeChat

    boss = await staff_world.speaker(SUPERADMIN, "ru")
    granted = await boss.send("/grant 555 admin D1")
    menus = {
        r.language_code: [c.command for c in r.commands]
        for r in granted.requests
        if isinstance(r, SetMyCommands)
        and isinstance(r.scope, BotCommandScopeChat)
        and r.scope.chat_id == 555
    }
    assert set(menus) == {"kk", "ru", None}
    assert menus["ru"][:5] == ["start", "login", "help", "language", "cancel"]
    assert {"places", "find", "export", "stats", "broadcast"} <= set(menus["ru"])
    assert "grant" not in menus["ru"] and "arrived" not in menus["ru"]
    kk = next(
        r for r in granted.requests if isinstance(r, SetMyCommands) and r.language_code == "kk"
    )
    assert any(
        c.command == "places" and c.description == "бос орындарды жариялау" for c in kk.commands
    )

    revoked = await boss.send("/revoke 555")
    deleted = [
        r.language_code
        for r in revoked.requests
        if isinstance(r, DeleteMyCommands)
        and isinstance(r.scope, BotCommandScopeChat)
        and r.scope.chat_id == 555
    ]
    assert sorted(deleted, key=str) == sorted(["kk", "ru", None], key=str)
