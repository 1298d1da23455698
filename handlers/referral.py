"""R11, R14, R15: the referral document, revocation within 24 hours, one extension."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import AppAction, AppCb, ExtendCb, ExtendConfirmCb, PdfCb
from handlers.errors import describe
from handlers.filters import HasText
from handlers.keyfiles import cancel_keyboard
from handlers.menu import DOCUMENTS, MenuButton
from handlers.session import answered_parent, require_account
from handlers.states import Extend
from handlers.texts import referral_status_name, when
from services.accounts import Account
from services.calendar import MAX_EXTENSION_DAYS
from services.documents import DocumentService
from services.errors import DomainError, ReferralNotActive
from services.journal import JournalService
from services.referrals import ReferralParentActions

router = Router(name=__name__)
EXTENSION_CHOICES = (7, 14, 21, 30)


def _pdf_button(referral_id: int, number: str, status: str) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            text=_("Referral No. {number} ({status}): PDF").format(number=number, status=status),
            callback_data=PdfCb(referral=referral_id).pack(),
        )
    ]


@router.message(MenuButton(DOCUMENTS))
async def all_documents(
    message: Message,
    state: FSMContext,
    account: Account | None,
    journal: JournalService,
    documents: DocumentService,
) -> None:
    await state.clear()
    if (parent := await require_account(message, account)) is None:
        return
    rows = []
    for summary in await journal.applications(parent.iin):
        for referral in await documents.referrals_of(parent.iin, summary.id):
            rows.append(
                _pdf_button(referral.id, referral.number, referral_status_name(referral.status))
            )
    if not rows:
        await message.answer(
            _("There are no documents yet: a referral appears here once it is issued.")
        )
        return
    await message.answer(
        _("Your referrals:"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


@router.callback_query(AppCb.filter(F.action == AppAction.DOCUMENTS))
async def application_documents(
    callback: CallbackQuery,
    callback_data: AppCb,
    account: Account | None,
    documents: DocumentService,
) -> None:
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    try:
        referrals = await documents.referrals_of(parent.iin, callback_data.id)
    except DomainError as error:
        await message.answer(describe(error))
        return
    rows = [_pdf_button(r.id, r.number, referral_status_name(r.status)) for r in referrals]
    rows.append(
        [
            InlineKeyboardButton(
                text=_("Back"),
                callback_data=AppCb(action=AppAction.OPEN, id=callback_data.id).pack(),
            )
        ]
    )
    await message.answer(
        _("Common documents"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


@router.callback_query(PdfCb.filter())
async def pdf(
    callback: CallbackQuery,
    callback_data: PdfCb,
    account: Account | None,
    documents: DocumentService,
) -> None:
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    try:
        document = await documents.pdf(parent.iin, callback_data.referral)
    except DomainError as error:
        await message.answer(describe(error))
        return
    await message.answer_document(
        BufferedInputFile(document.pdf, filename=document.file_name),
        caption=_("The referral in Kazakh and Russian, with a QR code to check it."),
    )


async def _active_referral_number(
    journal: JournalService, parent: Account, application_id: int
) -> tuple[str, object]:
    card = await journal.card(parent.iin, application_id)
    if card.referral is None:
        raise ReferralNotActive("none")
    return card.referral.number, card.referral


@router.callback_query(AppCb.filter(F.action == AppAction.REVOKE))
async def revoke_asked(
    callback: CallbackQuery, callback_data: AppCb, account: Account | None, journal: JournalService
) -> None:
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    try:
        card = await journal.card(parent.iin, callback_data.id)
    except DomainError as error:
        await message.answer(describe(error))
        return
    if card.referral is None or not card.can_revoke:
        await message.answer(_("This referral can no longer be revoked by you."))
        return
    await message.answer(
        _(
            "Revoke the referral No. {number}? The place goes back to the queue; this is not "
            "counted "
            "as a miss. Possible until {date}."
        ).format(number=card.referral.number, date=when(card.referral.revocable_until)),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=_("Confirm"),
                        callback_data=AppCb(
                            action=AppAction.REVOKE_CONFIRMED, id=callback_data.id
                        ).pack(),
                    )
                ],
                [
                    InlineKeyboardButton(
                        text=_("Cancel"),
                        callback_data=AppCb(action=AppAction.OPEN, id=callback_data.id).pack(),
                    )
                ],
            ]
        ),
    )


@router.callback_query(AppCb.filter(F.action == AppAction.REVOKE_CONFIRMED))
async def revoke(
    callback: CallbackQuery,
    callback_data: AppCb,
    account: Account | None,
    journal: JournalService,
    parent_actions: ReferralParentActions,
) -> None:
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    try:
        number, _referral = await _active_referral_number(journal, parent, callback_data.id)
        revoked = await parent_actions.revoke(number, parent.iin)
    except DomainError as error:
        await message.answer(describe(error))
        return
    await message.answer(
        _("The referral No. {number} is revoked. The application is back in the queue.").format(
            number=revoked.number
        )
    )


@router.callback_query(AppCb.filter(F.action == AppAction.EXTEND))
async def extend_asked(
    callback: CallbackQuery, callback_data: AppCb, state: FSMContext, account: Account | None
) -> None:
    await callback.answer()
    if callback.message is None or await require_account(callback.message, account) is None:
        return
    await state.set_state(Extend.days)
    await state.set_data({"application_id": callback_data.id})
    buttons = [
        InlineKeyboardButton(
            text=str(days), callback_data=ExtendCb(app=callback_data.id, days=days).pack()
        )
        for days in EXTENSION_CHOICES
    ]
    await callback.message.answer(
        _(
            "By how many calendar days (1 to {maximum})? Choose, or send a number. A referral can "
            "be extended once."
        ).format(maximum=MAX_EXTENSION_DAYS),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[buttons, *cancel_keyboard().inline_keyboard]
        ),
    )


async def _ask_to_confirm_extension(
    message: Message, application_id: int, days: int, parent: Account, journal: JournalService
) -> None:
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        await message.answer(
            _("Choose from 1 to {maximum} calendar days.").format(maximum=MAX_EXTENSION_DAYS)
        )
        return
    card = await journal.card(parent.iin, application_id)
    if card.referral is None or not card.can_extend:
        await message.answer(_("This referral cannot be extended."))
        return
    await message.answer(
        _("Extend the referral No. {number} by {days} days? Now it is valid until {date}.").format(
            number=card.referral.number, days=days, date=when(card.referral.lapses_at)
        ),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=_("Confirm"),
                        callback_data=ExtendConfirmCb(app=application_id, days=days).pack(),
                    )
                ],
                [
                    InlineKeyboardButton(
                        text=_("Cancel"),
                        callback_data=AppCb(action=AppAction.OPEN, id=application_id).pack(),
                    )
                ],
            ]
        ),
    )


@router.callback_query(ExtendCb.filter())
async def extend_days_chosen(
    callback: CallbackQuery,
    callback_data: ExtendCb,
    state: FSMContext,
    account: Account | None,
    journal: JournalService,
) -> None:
    await callback.answer()
    if (
        not isinstance(callback.message, Message)
        or (parent := await require_account(callback.message, account)) is None
    ):
        return
    await state.clear()
    try:
        await _ask_to_confirm_extension(
            callback.message, callback_data.app, callback_data.days, parent, journal
        )
    except DomainError as error:
        await callback.message.answer(describe(error))


@router.message(Extend.days, HasText())
async def extend_days_typed(
    message: Message, state: FSMContext, account: Account | None, journal: JournalService
) -> None:
    if (parent := await require_account(message, account)) is None:
        return
    assert message.text is not None
    if not message.text.strip().isdigit():
        await message.answer(
            _("Send a number of days from 1 to {maximum}.").format(maximum=MAX_EXTENSION_DAYS)
        )
        return
    application_id = int((await state.get_data())["application_id"])
    await state.clear()
    try:
        await _ask_to_confirm_extension(
            message, application_id, int(message.text.strip()), parent, journal
        )
    except DomainError as error:
        await message.answer(describe(error))


@router.message(Extend.days)
async def extend_days_expected(message: Message) -> None:
    await message.answer(
        _("Send a number of days from 1 to {maximum}.").format(maximum=MAX_EXTENSION_DAYS)
    )


@router.callback_query(ExtendConfirmCb.filter())
async def extend(
    callback: CallbackQuery,
    callback_data: ExtendConfirmCb,
    account: Account | None,
    journal: JournalService,
    parent_actions: ReferralParentActions,
) -> None:
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    try:
        number, _referral = await _active_referral_number(journal, parent, callback_data.app)
        extended = await parent_actions.extend(number, parent.iin, callback_data.days)
    except DomainError as error:
        await message.answer(describe(error))
        return
    await message.answer(
        _("The referral No. {number} is extended until {date}.").format(
            number=extended.number, date=when(extended.lapses_at)
        )
    )
