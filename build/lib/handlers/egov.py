"""R1 and R10 in eGov Mobile: the one message that offers a signing request (a link for the
phone, a QR code for Telegram on a computer, until when it works, cancel), its buttons, and the
refusal of key files when the deployment accepts none in the chat."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InaccessibleMessage, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from domain.signing import SigningPurpose, SigningRequestRow
from handlers.callbacks import EgovAction, EgovCb
from handlers.keyboards.common import cancel_step
from handlers.keyboards.egov import OPEN_LINK, offer_keyboard
from handlers.options import ChatOptions
from handlers.signing_state import request_data
from handlers.states import Login, Signing
from handlers.texts import benefit_line, clock_time
from services.egov import EgovRequests
from services.referrals import ReferralRequest
from services.texts import N_

CAPTIONS = {
    SigningPurpose.LOGIN: N_(
        "Log in with eGov Mobile: on your phone press the button below; on a computer scan the "
        "QR code with eGov Mobile. The link works once, until {time}."
    ),
    SigningPurpose.REFERRAL: N_(
        "Sign the referral in eGov Mobile: on your phone press the button below; on a computer "
        "scan the QR code with eGov Mobile. The link works once, until {time}."
    ),
}
KEY_FILE_NAMES = (".p12", ".pfx")


def router() -> Router:
    router = Router(name=__name__)
    on = router.callback_query.register
    on(cancel, EgovCb.filter(F.action == EgovAction.CANCEL))
    on(renew, EgovCb.filter(F.action == EgovAction.RENEW))
    on(key_file_instead, EgovCb.filter(F.action == EgovAction.KEY_FILE))
    router.message.register(key_file_refused, KeyFileRefused())
    return router


class KeyFileRefused(Filter):
    """A key file sent while this deployment accepts none in the chat."""

    async def __call__(self, message: Message, chat_options: ChatOptions) -> bool:
        name = (message.document.file_name or "").lower() if message.document else ""
        return not chat_options.key_files and name.endswith(KEY_FILE_NAMES)


def offer_caption(row: SigningRequestRow) -> str:
    lines = [_(CAPTIONS[row.purpose]).format(time=clock_time(row.expires_at))]
    documents_due = row.details.get("documents_due_at")
    if documents_due:  # R17, told before signing
        lines.insert(0, benefit_line(datetime.fromisoformat(str(documents_due))))
    return "\n".join(lines)


async def offer(
    message: Message | InaccessibleMessage,
    row: SigningRequestRow,
    options: ChatOptions,
    egov: EgovRequests,
) -> None:
    """The request's one message: a photo of its QR code, what to do, until when, the buttons."""
    assert options.egov is not None
    shown = await options.egov.present(row)
    sent = await message.answer_photo(
        BufferedInputFile(shown.qr_png, filename="egov-mobile.png"),
        caption=offer_caption(row),
        reply_markup=offer_keyboard(row.purpose, row.id, shown.url, options.key_files),
    )
    await egov.remember_message(row.id, sent.message_id)


async def cancel(
    callback: CallbackQuery, callback_data: EgovCb, state: FSMContext, egov: EgovRequests
) -> None:
    await egov.cancel(callback_data.request, callback.from_user.id)
    await state.clear()
    if isinstance(callback.message, Message):
        with suppress(TelegramAPIError):  # an old message keeps its caption: harmless
            await callback.message.edit_caption(caption=_("Cancelled."), reply_markup=None)


async def renew(
    callback: CallbackQuery,
    callback_data: EgovCb,
    chat_options: ChatOptions,
    egov: EgovRequests,
) -> None:
    row = await egov.renew(callback_data.request, callback.from_user.id)
    if callback.message is not None and chat_options.egov is not None:
        await offer(callback.message, row, chat_options, egov)


async def key_file_instead(
    callback: CallbackQuery,
    callback_data: EgovCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    chat_options: ChatOptions,
    egov: EgovRequests,
) -> None:
    """The fallback: this request is cancelled and the key-file step begins."""
    if not chat_options.key_files:
        callback_answer.text = _("This button is no longer active.")
        return
    row = await egov.cancel(callback_data.request, callback.from_user.id)
    if row.purpose is SigningPurpose.LOGIN:
        await state.set_state(Login.key_file)
        text = _(
            "Send your EDS authentication key as a file: its name starts with AUTH_RSA256 and ends "
            "with .p12."
        )
    else:
        request = ReferralRequest.from_canonical_bytes(row.content)
        application_id = int(row.details["application_id"])
        await state.set_data({"request": request_data(request, application_id)})
        await state.set_state(Signing.key_file)
        text = _(
            "Send your EDS signing key as a file: its name starts with RSA256 (without AUTH) and "
            "ends with .p12."
        )
    if callback.message is not None:
        await callback.message.answer(text, reply_markup=cancel_step())


async def key_file_refused(message: Message) -> None:
    """Key files do not travel through Telegram here: the message that carried one is deleted
    at once, and the parent is shown the way that needs no file."""
    with suppress(TelegramAPIError):
        await message.delete()
    await message.answer(
        _(
            "Key files are not accepted in this chat: the key and its password should not travel "
            "through Telegram. Log in and sign in eGov Mobile instead: «{login}», then «{sign}»."
        ).format(
            login=_(OPEN_LINK[SigningPurpose.LOGIN]), sign=_(OPEN_LINK[SigningPurpose.REFERRAL])
        )
    )
