"""R11, R14, R15: the referral document, revocation within 24 hours, one extension. Each action
is one service call with the application's id; the service finds its referral and says whether
the rules allow it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from domain.referral_actions import MAX_EXTENSION_DAYS
from handlers.callbacks import AppAction, AppCb, ExtendCb, ExtendConfirmCb, PdfCb
from handlers.filters import HasText
from handlers.keyboards.journal import documents_keyboard
from handlers.keyboards.referral import extend_keyboard, extension_days_keyboard, revoke_keyboard
from handlers.menu import DOCUMENTS, MenuButton
from handlers.session import LoggedIn
from handlers.states import Extend
from handlers.texts import when
from services.accounts import Account
from services.documents import DocumentService
from services.referrals import ReferralParentActions


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(all_documents, MenuButton(DOCUMENTS), LoggedIn())
    on = router.callback_query.register
    on(application_documents, AppCb.filter(F.action == AppAction.DOCUMENTS), LoggedIn())
    on(pdf, PdfCb.filter(), LoggedIn())
    on(revoke_asked, AppCb.filter(F.action == AppAction.REVOKE), LoggedIn())
    on(revoke, AppCb.filter(F.action == AppAction.REVOKE_CONFIRMED), LoggedIn())
    on(extend_asked, AppCb.filter(F.action == AppAction.EXTEND), LoggedIn())
    on(extend_days_chosen, ExtendCb.filter(), LoggedIn())
    on(extend, ExtendConfirmCb.filter(), LoggedIn())
    router.message.register(extend_days_typed, Extend.days, HasText(), LoggedIn())
    router.message.register(extend_days_expected, Extend.days, LoggedIn())
    return router


async def all_documents(
    message: Message, state: FSMContext, parent: Account, documents: DocumentService
) -> None:
    await state.clear()
    referrals = await documents.all_referrals(parent.iin)
    if not referrals:
        await message.answer(
            _("There are no documents yet: a referral appears here once it is issued.")
        )
        return
    await message.answer(_("Your referrals:"), reply_markup=documents_keyboard(referrals))


async def application_documents(
    callback: CallbackQuery, callback_data: AppCb, parent: Account, documents: DocumentService
) -> None:
    referrals = await documents.referrals_of(parent.iin, callback_data.id)
    if callback.message is not None:
        await callback.message.answer(
            _("Common documents"),
            reply_markup=documents_keyboard(referrals, back_to=callback_data.id),
        )


async def pdf(
    callback: CallbackQuery, callback_data: PdfCb, parent: Account, documents: DocumentService
) -> None:
    document = await documents.pdf(parent.iin, callback_data.referral)
    if callback.message is not None:
        await callback.message.answer_document(
            BufferedInputFile(document.pdf, filename=document.file_name),
            caption=_("The referral in Kazakh and Russian, with a QR code to check it."),
        )


async def revoke_asked(
    callback: CallbackQuery,
    callback_data: AppCb,
    parent: Account,
    parent_actions: ReferralParentActions,
) -> None:
    referral = await parent_actions.revocable(callback_data.id, parent.iin)
    if callback.message is not None:
        await callback.message.answer(
            _(
                "Revoke the referral No. {number}? The place goes back to the queue; this is not "
                "counted "
                "as a miss. Possible until {date}."
            ).format(number=referral.number, date=when(referral.revocable_until)),
            reply_markup=revoke_keyboard(callback_data.id),
        )


async def revoke(
    callback: CallbackQuery,
    callback_data: AppCb,
    parent: Account,
    parent_actions: ReferralParentActions,
) -> None:
    revoked = await parent_actions.revoke(callback_data.id, parent.iin)
    if callback.message is not None:
        await callback.message.answer(
            _("The referral No. {number} is revoked. The application is back in the queue.").format(
                number=revoked.number
            )
        )


async def extend_asked(
    callback: CallbackQuery,
    callback_data: AppCb,
    state: FSMContext,
    parent: Account,
    parent_actions: ReferralParentActions,
) -> None:
    await parent_actions.extension(callback_data.id, parent.iin)  # R14 refuses before the days
    await state.set_state(Extend.days)
    await state.set_data({"application_id": callback_data.id})
    if callback.message is not None:
        await callback.message.answer(
            _(
                "By how many calendar days (1 to {maximum})? Choose, or send a number. A referral "
                "can be extended once."
            ).format(maximum=MAX_EXTENSION_DAYS),
            reply_markup=extension_days_keyboard(callback_data.id),
        )


async def _ask_to_confirm_extension(
    message: Message,
    application_id: int,
    days: int,
    parent: Account,
    parent_actions: ReferralParentActions,
) -> None:
    preview = await parent_actions.extension(application_id, parent.iin, days)
    await message.answer(
        _("Extend the referral No. {number} by {days} days? Now it is valid until {date}.").format(
            number=preview.referral.number, days=days, date=when(preview.referral.lapses_at)
        ),
        reply_markup=extend_keyboard(application_id, days),
    )


async def extend_days_chosen(
    callback: CallbackQuery,
    callback_data: ExtendCb,
    state: FSMContext,
    parent: Account,
    parent_actions: ReferralParentActions,
) -> None:
    await state.clear()
    if isinstance(callback.message, Message):
        await _ask_to_confirm_extension(
            callback.message, callback_data.app, callback_data.days, parent, parent_actions
        )


async def extend_days_typed(
    message: Message, state: FSMContext, parent: Account, parent_actions: ReferralParentActions
) -> None:
    assert message.text is not None
    typed = message.text.strip()
    if not typed.isdigit():
        await extend_days_expected(message)
        return
    application_id = int((await state.get_data())["application_id"])
    await _ask_to_confirm_extension(message, application_id, int(typed), parent, parent_actions)
    await state.clear()


async def extend_days_expected(message: Message) -> None:
    await message.answer(
        _("Send a number of days from 1 to {maximum}.").format(maximum=MAX_EXTENSION_DAYS)
    )


async def extend(
    callback: CallbackQuery,
    callback_data: ExtendConfirmCb,
    parent: Account,
    parent_actions: ReferralParentActions,
) -> None:
    extended = await parent_actions.extend(callback_data.app, parent.iin, callback_data.days)
    if callback.message is not None:
        await callback.message.answer(
            _("The referral No. {number} is extended until {date}.").format(
                number=extended.number, date=when(extended.lapses_at)
            )
        )
