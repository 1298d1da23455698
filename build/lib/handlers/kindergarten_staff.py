"""A kindergarten's staff: arrivals (R12 closed, R16 enrolment), discharges (R16), the benefit
documents (R17) and today's expected children — for their own kindergarten only."""

from __future__ import annotations

from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from domain.dto import ExpectedArrival
from handlers.callbacks import ArrivalCb
from handlers.staff_filters import Need, StaffOnly
from handlers.texts import in_chat_language, when
from services.errors import InvalidCommand
from services.iin import mask_iin
from services.staff.kindergarten_desk import KindergartenDesk
from services.staff.roles import Staffer

TODAY_LINES = 25  # with the lapsing ones, well inside a 4096-character message
LAPSING_LINES = 15

_YES = {"yes", "y", "да", "иә", "+", "1"}
_NO = {"no", "n", "нет", "жоқ", "-", "0"}


def router() -> Router:
    router = Router(name=__name__)
    staff = StaffOnly(Need.KINDERGARTEN)
    router.message.register(arrived, Command("arrived"), staff)
    router.message.register(discharged, Command("discharged"), staff)
    router.message.register(documents, Command("documents"), staff)
    router.callback_query.register(arrived_from_qr, ArrivalCb.filter(), staff)
    router.message.register(today, Command("today"), staff)
    return router


async def arrived(
    message: Message, command: CommandObject, staffer: Staffer, kindergarten_desk: KindergartenDesk
) -> None:
    referral = await kindergarten_desk.record_arrival(staffer, command.args or "")
    await message.answer(
        _("Referral No. {number}: the child's arrival is recorded; the child is enrolled.").format(
            number=referral.number
        )
    )


async def discharged(
    message: Message, command: CommandObject, staffer: Staffer, kindergarten_desk: KindergartenDesk
) -> None:
    iin = (command.args or "").strip()
    if not iin:
        raise InvalidCommand("iin_missing")
    await kindergarten_desk.record_discharge(staffer, iin)
    await message.answer(
        _("The child with IIN {iin} is discharged from your kindergarten.").format(
            iin=mask_iin(iin)
        )
    )


async def documents(
    message: Message, command: CommandObject, staffer: Staffer, kindergarten_desk: KindergartenDesk
) -> None:
    parts = (command.args or "").split()
    if len(parts) != 2 or parts[1].lower() not in _YES | _NO:
        raise InvalidCommand("documents_usage")
    presented = parts[1].lower() in _YES
    referral = await kindergarten_desk.record_documents(staffer, parts[0], presented)
    await message.answer(
        (
            _("Referral No. {number}: the benefit documents are presented.")
            if presented
            else _("Referral No. {number}: the benefit documents were not presented.")
        ).format(number=referral.number)
    )


async def arrived_from_qr(
    callback: CallbackQuery,
    callback_data: ArrivalCb,
    staffer: Staffer,
    kindergarten_desk: KindergartenDesk,
) -> None:
    referral = await kindergarten_desk.record_arrival_by_id(staffer, callback_data.referral)
    if isinstance(callback.message, Message):
        with suppress(TelegramBadRequest):  # the button goes; a message too old keeps it, harmless
            await callback.message.edit_reply_markup(reply_markup=None)
        await callback.message.answer(
            _(
                "Referral No. {number}: the child's arrival is recorded; the child is enrolled."
            ).format(number=referral.number)
        )


def _arrival_line(item: ExpectedArrival) -> str:
    return _("No. {number} · {child} · group {year} · until {deadline}").format(
        number=item.referral.number,
        child=item.child_name or mask_iin(item.child_iin),
        year=item.group_year,
        deadline=when(item.referral.lapses_at),
    )


async def today(
    message: Message, staffer: Staffer, kindergarten_desk: KindergartenDesk, i18n: I18n
) -> None:
    view = await kindergarten_desk.today(staffer)
    kindergarten = view.kindergarten
    name = in_chat_language(i18n, kindergarten.name_kk, kindergarten.name_ru)
    lines = [_("{kindergarten}: children expected by referral").format(kindergarten=name)]
    if not view.expected:
        lines.append(_("No active referrals: nobody is expected."))
    lines += [_arrival_line(item) for item in view.expected[:TODAY_LINES]]
    if len(view.expected) > TODAY_LINES:
        lines.append(_("… and {count} more.").format(count=len(view.expected) - TODAY_LINES))
    if view.lapsing:
        lines.append("")
        lines.append(_("Lapse by the end of the next working day unless the child arrives:"))
        lines += [_arrival_line(item) for item in view.lapsing[:LAPSING_LINES]]
    await message.answer("\n".join(lines))
