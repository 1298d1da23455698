"""District administrators: find an application by number or child IIN, its card and audit
trail; lift a stop-list (R12) or restore a removed application (R13) with a written reason."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import AdminAction, AdminAppCb
from handlers.cards import card_text
from handlers.filters import HasText
from handlers.keyboards.staff import admin_card, found_applications
from handlers.staff_filters import Need, StaffOnly
from handlers.staff_texts import trail_line
from handlers.states import AdminReason
from services.errors import WrongApplicationState
from services.staff.applications_desk import ApplicationsDesk, TrailEntry
from services.staff.roles import Staffer

TRAIL_LINES = 30


def router() -> Router:
    router = Router(name=__name__)
    admin = StaffOnly(Need.ADMIN)
    router.message.register(find, Command("find"), admin)
    on = router.callback_query.register
    on(open_card, AdminAppCb.filter(F.action == AdminAction.OPEN), admin)
    on(trail, AdminAppCb.filter(F.action == AdminAction.TRAIL), admin)
    on(
        ask_reason,
        AdminAppCb.filter(F.action.in_({AdminAction.LIFT, AdminAction.RESTORE})),
        admin,
    )
    router.message.register(reason, AdminReason.text, HasText(), admin)
    router.message.register(reason_expected, AdminReason.text)
    return router


async def _show_card(
    message: Message, staffer: Staffer, desk: ApplicationsDesk, application_id: int, i18n: I18n
) -> None:
    card = await desk.card(staffer, application_id)
    await message.answer(card_text(card, i18n), reply_markup=admin_card(card))


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
        reply_markup=found_applications(found),
    )


async def open_card(
    callback: CallbackQuery,
    callback_data: AdminAppCb,
    staffer: Staffer,
    applications_desk: ApplicationsDesk,
    i18n: I18n,
) -> None:
    if isinstance(callback.message, Message):
        await _show_card(callback.message, staffer, applications_desk, callback_data.id, i18n)


def trail_text(entries: list[TrailEntry]) -> str:
    lines = [_("Audit trail:")]
    if len(entries) > TRAIL_LINES:
        lines.append(_("(the last {count})").format(count=TRAIL_LINES))
    lines += [trail_line(entry) for entry in entries[-TRAIL_LINES:]]
    if not entries:
        lines.append(_("No events recorded."))
    return "\n".join(lines)


async def trail(
    callback: CallbackQuery,
    callback_data: AdminAppCb,
    staffer: Staffer,
    applications_desk: ApplicationsDesk,
) -> None:
    entries = await applications_desk.trail(staffer, callback_data.id)
    if callback.message is not None:
        await callback.message.answer(trail_text(entries))


async def ask_reason(
    callback: CallbackQuery,
    callback_data: AdminAppCb,
    state: FSMContext,
    staffer: Staffer,
    applications_desk: ApplicationsDesk,
) -> None:
    card = await applications_desk.card(staffer, callback_data.id)  # checks the scope
    await state.set_state(AdminReason.text)
    await state.update_data(action=callback_data.action.value, application=card.summary.id)
    if callback.message is not None:
        await callback.message.answer(
            _(
                "Application No. {number}: write the reason (it is kept in the audit log), "
                "or /cancel."
            ).format(number=card.summary.number)
        )


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
        if data["action"] == AdminAction.LIFT:
            card = await applications_desk.lift_stop_list(staffer, application_id, message.text)
            done = _("The stop-list is lifted; the application is back in the queue.")
        else:
            card = await applications_desk.restore(staffer, application_id, message.text)
            done = _("The application is restored to the queue.")
    except WrongApplicationState:
        await state.clear()  # the application moved on: no reason will make this possible
        raise
    await state.clear()
    await message.answer(done)
    await message.answer(card_text(card, i18n), reply_markup=admin_card(card))


async def reason_expected(message: Message) -> None:
    await message.answer(_("Write the reason as a text message, or /cancel."))
