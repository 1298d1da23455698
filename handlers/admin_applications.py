"""District administrators: find an application by number or child IIN, its card and audit
trail; lift a stop-list (R12) or restore a removed application (R13) with a written reason."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from domain.enums import ApplicationStatus
from handlers.callbacks import AdminAppCb
from handlers.cards import card_text, summary_line
from handlers.filters import HasText
from handlers.staff_filters import Need, StaffOnly
from handlers.staff_texts import trail_line
from handlers.states import AdminReason
from services.errors import WrongApplicationState
from services.journal import ApplicationCard
from services.staff.applications_desk import ApplicationsDesk
from services.staff.roles import Staffer

router = Router(name=__name__)
TRAIL_LINES = 30


def _button(text: str, action: str, application_id: int) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            text=text, callback_data=AdminAppCb(action=action, id=application_id).pack()
        )
    ]


def _card_keyboard(card: ApplicationCard) -> InlineKeyboardMarkup:
    application = card.summary.id
    rows = [_button(_("Audit trail"), "trail", application)]
    if card.summary.status is ApplicationStatus.STOP_LISTED:
        rows.append(_button(_("Lift the stop-list"), "lift", application))
    if card.summary.status is ApplicationStatus.REMOVED:
        rows.append(_button(_("Restore to the queue"), "restore", application))
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def _show_card(
    message: Message, staffer: Staffer, desk: ApplicationsDesk, application_id: int, i18n: I18n
) -> None:
    card = await desk.card(staffer, application_id)
    await message.answer(card_text(card, i18n), reply_markup=_card_keyboard(card))


@router.message(Command("find"), StaffOnly(Need.ADMIN))
async def find(
    message: Message,
    command: CommandObject,
    staffer: Staffer,
    applications_desk: ApplicationsDesk,
    i18n: I18n,
) -> None:
    found = await applications_desk.find(staffer, command.args or "")
    if len(found) == 1:
        await _show_card(message, staffer, applications_desk, found[0].id, i18n)
        return
    await message.answer(
        _("Found {count} applications:").format(count=len(found)),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[_button(summary_line(s), "open", s.id) for s in found]
        ),
    )


@router.callback_query(AdminAppCb.filter(F.action == "open"), StaffOnly(Need.ADMIN))
async def open_card(
    callback: CallbackQuery,
    callback_data: AdminAppCb,
    staffer: Staffer,
    applications_desk: ApplicationsDesk,
    i18n: I18n,
) -> None:
    if isinstance(callback.message, Message):
        await _show_card(callback.message, staffer, applications_desk, callback_data.id, i18n)
    await callback.answer()


@router.callback_query(AdminAppCb.filter(F.action == "trail"), StaffOnly(Need.ADMIN))
async def trail(
    callback: CallbackQuery,
    callback_data: AdminAppCb,
    staffer: Staffer,
    applications_desk: ApplicationsDesk,
) -> None:
    entries = await applications_desk.trail(staffer, callback_data.id)
    await callback.answer()
    lines = [_("Audit trail:")]
    if len(entries) > TRAIL_LINES:
        lines.append(_("(the last {count})").format(count=TRAIL_LINES))
    lines += [trail_line(entry) for entry in entries[-TRAIL_LINES:]]
    if not entries:
        lines.append(_("No events recorded."))
    if isinstance(callback.message, Message):
        await callback.message.answer("\n".join(lines))


@router.callback_query(AdminAppCb.filter(F.action.in_({"lift", "restore"})), StaffOnly(Need.ADMIN))
async def ask_reason(
    callback: CallbackQuery,
    callback_data: AdminAppCb,
    state: FSMContext,
    staffer: Staffer,
    applications_desk: ApplicationsDesk,
) -> None:
    card = await applications_desk.card(staffer, callback_data.id)  # checks the scope
    await state.set_state(AdminReason.text)
    await state.update_data(action=callback_data.action, application=card.summary.id)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(
            _(
                "Application No. {number}: write the reason (it is kept in the audit log), "
                "or /cancel."
            ).format(number=card.summary.number)
        )


@router.message(AdminReason.text, HasText(), StaffOnly(Need.ADMIN))
async def reason(
    message: Message,
    state: FSMContext,
    staffer: Staffer,
    applications_desk: ApplicationsDesk,
    i18n: I18n,
) -> None:
    assert message.text is not None
    data = await state.get_data()
    application_id = int(data["application"])
    try:
        if data["action"] == "lift":
            await applications_desk.lift_stop_list(staffer, application_id, message.text)
            done = _("The stop-list is lifted; the application is back in the queue.")
        else:
            await applications_desk.restore(staffer, application_id, message.text)
            done = _("The application is restored to the queue.")
    except WrongApplicationState:
        await state.clear()  # the application moved on: no reason will make this possible
        raise
    await state.clear()
    await message.answer(done)
    await _show_card(message, staffer, applications_desk, application_id, i18n)


@router.message(AdminReason.text)
async def reason_expected(message: Message) -> None:
    await message.answer(_("Write the reason as a text message, or /cancel."))
