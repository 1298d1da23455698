"""Roles: /id for anyone (what a superadministrator needs to grant a role), /staff for the
commands of one's role, and /grant, /revoke, /roles for superadministrators."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.staff_filters import Need, StaffOnly
from services.enums import StaffRoleKind
from services.staff.roles import RoleService, Staffer, parse_grant, parse_user_id

router = Router(name=__name__)


@router.message(Command("id"))
async def my_id(message: Message) -> None:
    assert message.from_user is not None
    await message.answer(
        _("Your Telegram ID: {id}. An administrator needs it to give you a role.").format(
            id=message.from_user.id
        )
    )


def role_commands(staffer: Staffer) -> list[str]:
    lines = []
    if staffer.kindergarten_id is not None:
        lines += [
            _("/arrived NUMBER or QR code — the child arrived by the referral (enrolment)"),
            _("/discharged IIN — the child left the kindergarten"),
            _("/documents NUMBER yes|no — the benefit documents were presented or not (R17)"),
            _("/today — expected arrivals and referrals that lapse soon"),
        ]
    if staffer.is_admin:
        lines += [
            _("/places — publish free places"),
            _("/find NUMBER or IIN — an application's card and audit trail"),
            _("/export [DISTRICT] — the applications as CSV"),
            _("/stats [DISTRICT] — the queue in a chart"),
            _("/broadcast — a message to the parents of your districts"),
            _("Send a CSV file to import it (the same files as the ops CLI)."),
        ]
    if staffer.superadmin:
        lines += [
            _("/grant ID admin DISTRICT… — a district administrator"),
            _("/grant ID staff KINDERGARTEN — a kindergarten's staff"),
            _("/revoke ID — take every role away"),
            _("/roles — who has which role"),
        ]
    return lines


@router.message(Command("staff"), StaffOnly(Need.ANY))
async def staff_help(message: Message, staffer: Staffer) -> None:
    await message.answer("\n".join([_("Your commands:"), *role_commands(staffer)]))


@router.message(Command("grant"), StaffOnly(Need.SUPERADMIN))
async def grant(
    message: Message, command: CommandObject, staffer: Staffer, roles: RoleService
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


@router.message(Command("revoke"), StaffOnly(Need.SUPERADMIN))
async def revoke(
    message: Message, command: CommandObject, staffer: Staffer, roles: RoleService
) -> None:
    user_id = parse_user_id(command.args or "")
    removed = await roles.revoke(staffer, user_id)
    await message.answer(
        _("User {id} has no role any more.").format(id=user_id)
        if removed
        else _("User {id} had no role.").format(id=user_id)
    )


@router.message(Command("roles"), StaffOnly(Need.SUPERADMIN))
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
