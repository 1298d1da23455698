"""Roles: /id for anyone (what a superadministrator needs to grant a role), /staff for the
commands of one's role, and /grant, /revoke, /roles for superadministrators."""

from __future__ import annotations

from contextlib import suppress

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import BotCommand, BotCommandScopeChat, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from domain.enums import StaffRoleKind
from handlers.menu import COMMANDS
from handlers.staff_filters import Need, StaffOnly
from services.staff.roles import RoleService, Staffer, parse_grant, parse_user_id


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(my_id, Command("id"))
    router.message.register(staff_help, Command("staff"), StaffOnly(Need.ANY))
    router.message.register(grant, Command("grant"), StaffOnly(Need.SUPERADMIN))
    router.message.register(revoke, Command("revoke"), StaffOnly(Need.SUPERADMIN))
    router.message.register(list_roles, Command("roles"), StaffOnly(Need.SUPERADMIN))
    return router


async def my_id(message: Message) -> None:
    assert message.from_user is not None
    await message.answer(
        _("Your Telegram ID: {id}. An administrator needs it to give you a role.").format(
            id=message.from_user.id
        )
    )


def role_commands(staffer: Staffer) -> list[tuple[str, str]]:
    """(command, what it does) of the staffer's roles, in the current language."""
    commands: list[tuple[str, str]] = []
    if staffer.kindergarten_id is not None:
        commands += [
            ("arrived", _("NUMBER or QR code — the child arrived by the referral (enrolment)")),
            ("discharged", _("IIN — the child left the kindergarten")),
            ("documents", _("NUMBER yes|no — the benefit documents were presented or not (R17)")),
            ("today", _("expected arrivals and referrals that lapse soon")),
        ]
    if staffer.is_admin:
        commands += [
            ("places", _("publish free places")),
            ("find", _("NUMBER or IIN — an application's card and audit trail")),
            ("export", _("[DISTRICT] — the applications as CSV")),
            ("stats", _("[DISTRICT] — the queue in a chart")),
            ("broadcast", _("a message to the parents of your districts")),
        ]
    if staffer.superadmin:
        commands += [
            ("grant", _("ID admin DISTRICT… or ID staff KINDERGARTEN — give a role")),
            ("revoke", _("ID — take every role away")),
            ("roles", _("who has which role")),
        ]
    return commands


async def show_commands(bot: Bot, i18n: I18n, roles: RoleService, user_id: int) -> None:
    """The user's command menu in their chat: everyone's commands and their role's, in both
    languages; none of the staff's once the role is gone. A user who never opened the chat
    gets it when they do (Telegram refuses it before)."""
    staffer = await roles.staffer(user_id)
    scope = BotCommandScopeChat(chat_id=user_id)
    for locale in (*i18n.available_locales, None):
        with suppress(TelegramAPIError):
            if staffer is None:
                await bot.delete_my_commands(scope=scope, language_code=locale)
                continue
            with i18n.use_locale(locale or i18n.default_locale):
                commands = [
                    BotCommand(command=name, description=_(text)) for name, text in COMMANDS.items()
                ] + [
                    BotCommand(command=name, description=text[:256])
                    for name, text in role_commands(staffer)
                ]
            await bot.set_my_commands(commands, scope=scope, language_code=locale)


async def staff_help(message: Message, staffer: Staffer) -> None:
    lines = [f"/{name} {text}" for name, text in role_commands(staffer)]
    if staffer.is_admin:
        lines.append(_("Send a CSV file to import it (the same files as the ops CLI)."))
    await message.answer("\n".join([_("Your commands:"), *lines]))


async def grant(
    message: Message,
    command: CommandObject,
    staffer: Staffer,
    roles: RoleService,
    bot: Bot,
    i18n: I18n,
) -> None:
    order = parse_grant(command.args or "")
    if order.role is StaffRoleKind.STAFF:
        await roles.grant_staff(staffer, order.telegram_user_id, order.codes[0])
        text = _("User {id} is now staff of kindergarten {code}.").format(
            id=order.telegram_user_id, code=order.codes[0]
        )
    else:
        await roles.grant_district_admin(staffer, order.telegram_user_id, order.codes)
        text = _("User {id} now administers the districts {codes}.").format(
            id=order.telegram_user_id, codes=", ".join(order.codes)
        )
    await message.answer(text)
    await show_commands(bot, i18n, roles, order.telegram_user_id)


async def revoke(
    message: Message,
    command: CommandObject,
    staffer: Staffer,
    roles: RoleService,
    bot: Bot,
    i18n: I18n,
) -> None:
    user_id = parse_user_id(command.args or "")
    removed = await roles.revoke(staffer, user_id)
    await show_commands(bot, i18n, roles, user_id)
    await message.answer(
        _("User {id} has no role any more.").format(id=user_id)
        if removed
        else _("User {id} had no role.").format(id=user_id)
    )


async def list_roles(message: Message, staffer: Staffer, roles: RoleService) -> None:
    grants = await roles.grants(staffer)
    if not grants:
        await message.answer(_("Nobody has a role yet. /grant gives one."))
        return
    lines = [_("Roles:")]
    for grant_row in grants:
        if grant_row.role is StaffRoleKind.STAFF:
            lines.append(
                _("{id}: staff of {code}").format(
                    id=grant_row.telegram_user_id, code=grant_row.kindergarten_code
                )
            )
        else:
            lines.append(
                _("{id}: administrator of {code}").format(
                    id=grant_row.telegram_user_id, code=grant_row.district_code
                )
            )
    await message.answer("\n".join(lines))
