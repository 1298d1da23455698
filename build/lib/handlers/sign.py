"""R10: «Қол қою және жіберу» → the RSA256 key → its password → the key's data and the request →
«Қол қою» → the referral. The signature is made when the password arrives (the password lives
for that one call); «Қол қою» submits it. The conversation keeps the request and the signature,
never the key."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import ConfirmCb, PlacesCb, SignCb, Step
from handlers.choose import places_view
from handlers.egov import offer
from handlers.filters import HasDocument, HasText
from handlers.keyboards.account import confirm_signature
from handlers.keyboards.common import cancel_step
from handlers.keyboards.referral import issued_keyboard
from handlers.keyfiles import (
    ask_for_key_file,
    ask_for_password,
    delete_password,
    read_key,
    take_key_file,
)
from handlers.options import ChatOptions
from handlers.refusals import describe
from handlers.session import LoggedIn
from handlers.signing_state import request_data, request_of, signature_data, signature_of
from handlers.states import Signing
from handlers.steps import use_the_buttons
from handlers.texts import benefit_line, day, in_chat_language, language_name, when
from services.accounts import Account
from services.egov import EgovRequests
from services.errors import PlaceNoLongerFree
from services.iin import mask_iin
from services.queue import QueueService
from services.referrals import (
    IssuedReferral,
    ReferralIssuer,
    ReferralRequests,
    RequestView,
)
from services.referrals.key_file import KeyFileSigning


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(begin, SignCb.filter(), LoggedIn())
    router.message.register(key_file, Signing.key_file, HasDocument(), LoggedIn())
    router.message.register(ask_for_key_file, Signing.key_file, LoggedIn())
    router.message.register(password, Signing.password, HasText(), LoggedIn())
    router.message.register(ask_for_password, Signing.password, LoggedIn())
    router.callback_query.register(
        sign, Signing.confirm, ConfirmCb.filter(F.step == Step.SIGN), LoggedIn()
    )
    router.callback_query.register(cancel, Signing.confirm, ConfirmCb.filter(F.step == Step.CANCEL))
    router.message.register(use_the_buttons, Signing.confirm, LoggedIn())
    router.callback_query.register(stale_confirmation, ConfirmCb.filter())
    return router


def request_line(view: RequestView, i18n: I18n) -> str:
    """The request as the parent signs it: the application, the kindergarten by its name."""
    return _(
        "Application No. {number}: {kindergarten}, group year {year}, language of instruction: "
        "{language}"
    ).format(
        number=view.application_number,
        kindergarten=in_chat_language(i18n, view.kindergarten_kk, view.kindergarten_ru),
        year=view.group_year,
        language=language_name(view.language),
    )


async def begin(
    callback: CallbackQuery,
    callback_data: SignCb,
    state: FSMContext,
    parent: Account,
    requests: ReferralRequests,
    queue: QueueService,
    i18n: I18n,
    chat_options: ChatOptions,
    egov: EgovRequests,
) -> None:
    if chat_options.egov is not None:  # R10 where the key lives
        await _in_egov(callback, callback_data, parent, queue, i18n, chat_options, egov)
        return
    try:
        prepared = await requests.prepare(
            application_id=callback_data.app,
            kindergarten_id=callback_data.kg,
            language=callback_data.lang,
            parent_iin=parent.iin,
        )
    except PlaceNoLongerFree as taken:
        await _places_now(callback, callback_data.app, parent, queue, i18n, taken)
        return
    await state.set_data({"request": request_data(prepared.request, callback_data.app)})
    await state.set_state(Signing.key_file)
    lines = []
    if prepared.view.documents_due_at is not None:  # R17, told before signing
        lines.append(benefit_line(prepared.view.documents_due_at))
    lines.append(
        _(
            "Send your EDS signing key as a file: its name starts with RSA256 (without AUTH) and "
            "ends with .p12."
        )
    )
    if callback.message is not None:
        await callback.message.answer("\n".join(lines), reply_markup=cancel_step())


async def _in_egov(
    callback: CallbackQuery,
    callback_data: SignCb,
    parent: Account,
    queue: QueueService,
    i18n: I18n,
    chat_options: ChatOptions,
    egov: EgovRequests,
) -> None:
    try:
        row = await egov.open_referral(
            callback.from_user.id,
            i18n.current_locale,
            parent_iin=parent.iin,
            application_id=callback_data.app,
            kindergarten_id=callback_data.kg,
            language=callback_data.lang,
        )
    except PlaceNoLongerFree as taken:
        await _places_now(callback, callback_data.app, parent, queue, i18n, taken)
        return
    if callback.message is not None:
        await offer(callback.message, row, chat_options, egov)


async def key_file(message: Message, state: FSMContext) -> None:
    await take_key_file(message, state, Signing.password)


async def password(
    message: Message, state: FSMContext, bot: Bot, key_signing: KeyFileSigning, i18n: I18n
) -> None:
    await delete_password(message)
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    signed = await key_signing.sign(
        message.from_user.id, await read_key(bot, state), message.text, request_of(data["request"])
    )
    await state.set_data(
        {"request": data["request"], "signature": signature_data(signed.signature)}
    )
    await state.set_state(Signing.confirm)
    signature = signed.signature
    lines = [
        _("Signing key: {name}, IIN {iin}, certificate {serial}").format(
            name=signature.signer_name,
            iin=mask_iin(signature.signer_iin),
            serial=signature.certificate_serial,
        ),
        request_line(signed.view, i18n),
        _("Press «{sign}» to send the request.").format(sign=_("Sign")),
    ]
    await message.answer("\n".join(lines), reply_markup=confirm_signature())


async def sign(
    callback: CallbackQuery,
    state: FSMContext,
    parent: Account,
    issuer: ReferralIssuer,
    queue: QueueService,
    i18n: I18n,
) -> None:
    data = await state.get_data()
    await state.clear()  # a second tap on «Қол қою» finds nothing to sign
    application_id = int(data["request"]["application_id"])
    try:
        issued = await issuer.issue(request_of(data["request"]), signature_of(data["signature"]))
    except PlaceNoLongerFree as taken:
        await _places_now(callback, application_id, parent, queue, i18n, taken)
        return
    if callback.message is not None:
        await callback.message.answer(
            issued_text(issued, i18n),
            reply_markup=issued_keyboard(issued.referral.id, application_id),
        )


def issued_text(issued: IssuedReferral, i18n: I18n) -> str:
    """The referral issued: which kindergarten, where, by when to come (R12), until when it may
    be revoked (R15), and a benefit holder's documents (R17)."""
    view, referral = issued.view, issued.referral
    lines = [
        _("The referral No. {number} is issued: {kindergarten}, {address}.").format(
            number=referral.number,
            kindergarten=in_chat_language(i18n, view.kindergarten_kk, view.kindergarten_ru),
            address=in_chat_language(i18n, view.address_kk, view.address_ru),
        ),
        _("Bring the child to the kindergarten by {date} (5 working days).").format(
            date=when(referral.lapses_at)
        ),
        _("You may revoke it until {date}.").format(date=when(referral.revocable_until)),
    ]
    if view.documents_due_at is not None:
        lines.append(
            _(
                "You hold a benefit: bring documents confirming it, issued no later than {date}."
            ).format(date=day(view.documents_due_at))
        )
    return "\n".join(lines)


async def cancel(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    if callback.message is not None:
        await callback.message.answer(_("Cancelled."))


async def stale_confirmation(callback: CallbackQuery, callback_answer: CallbackAnswer) -> None:
    """A second tap on «Қол қою» / «Кіру», or an old button: nothing happens twice."""
    callback_answer.text = _("This has already been done.")


async def _places_now(
    callback: CallbackQuery,
    application_id: int,
    parent: Account,
    queue: QueueService,
    i18n: I18n,
    taken: PlaceNoLongerFree,
) -> None:
    """Somebody took the place first (R10): the places free now, under the reason."""
    choices = await queue.choices(application_id, parent.iin)
    text, keyboard = places_view(choices, PlacesCb(app=application_id), i18n)
    if callback.message is not None:
        await callback.message.answer(describe(taken) + "\n" + text, reply_markup=keyboard)
