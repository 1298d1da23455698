"""R10: «Қол қою және жіберу» → the RSA256 key → its password → the key's data → «Қол қою» →
the referral. The signature is made when the password arrives (the password lives for that one
call); «Қол қою» submits it. The conversation keeps the request and the signature, never the key."""

from __future__ import annotations

import base64
from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from domain.enums import Language
from handlers.callbacks import AppAction, AppCb, ConfirmCb, PdfCb, PlacesCb, SignCb
from handlers.choose import places_view
from handlers.errors import describe
from handlers.filters import HasDocument, HasText
from handlers.keyfiles import (
    ask_for_key_file,
    cancel_keyboard,
    delete_password,
    read_key,
    take_key_file,
)
from handlers.session import answered_parent, require_account
from handlers.states import Signing
from handlers.texts import day, when
from services.accounts import Account
from services.eds.errors import EdsError, TooManyAttempts, WrongPassword
from services.eds.keys import KeyChecks
from services.errors import DomainError, PlaceNoLongerFree
from services.iin import mask_iin
from services.queue import QueueService
from services.referrals import ReferralIssuer, ReferralRequest, VerifiedSignature

router = Router(name=__name__)


def _request_data(
    request: ReferralRequest, application_id: int, kindergarten_id: int
) -> dict[str, object]:
    return {
        "application_id": application_id,
        "kindergarten_id": kindergarten_id,
        "content": base64.b64encode(request.canonical_bytes()).decode(),
    }


def _request(data: dict[str, object]) -> ReferralRequest:
    return ReferralRequest.from_canonical_bytes(base64.b64decode(str(data["content"])))


def _signature_data(signature: VerifiedSignature) -> dict[str, str]:
    return {
        "signer_iin": signature.signer_iin,
        "signer_name": signature.signer_name,
        "serial": signature.certificate_serial,
        "content": base64.b64encode(signature.content).decode(),
        "cms": base64.b64encode(signature.cms).decode(),
        "signed_at": signature.signed_at.isoformat(),
    }


def _signature(data: dict[str, str]) -> VerifiedSignature:
    return VerifiedSignature(
        signer_iin=data["signer_iin"],
        signer_name=data["signer_name"],
        certificate_serial=data["serial"],
        content=base64.b64decode(data["content"]),
        cms=base64.b64decode(data["cms"]),
        signed_at=datetime.fromisoformat(data["signed_at"]),
    )


@router.callback_query(SignCb.filter())
async def begin(
    callback: CallbackQuery,
    callback_data: SignCb,
    state: FSMContext,
    account: Account | None,
    issuer: ReferralIssuer,
    queue: QueueService,
    i18n: I18n,
) -> None:
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    if callback_data.lang not in ("kk", "ru"):
        return
    try:
        request = await issuer.prepare(
            application_id=callback_data.app,
            kindergarten_id=callback_data.kg,
            language=Language(callback_data.lang),
            parent_iin=parent.iin,
        )
    except PlaceNoLongerFree as taken:
        await _refreshed_list(message, callback_data.app, parent, queue, i18n, describe(taken))
        return
    except DomainError as error:
        await message.answer(describe(error))
        return
    await state.set_data({"request": _request_data(request, callback_data.app, callback_data.kg)})
    await state.set_state(Signing.key_file)
    lines = [
        _(
            "Send your EDS signing key as a file: its name starts with RSA256 (without AUTH) and "
            "ends with .p12."
        )
    ]
    documents_due = await issuer.documents_due(request)
    if documents_due is not None:  # R17, told before signing
        lines.insert(
            0,
            _(
                "You apply under a benefit: at the kindergarten you will need documents confirming "
                "it, issued no later than {date}."
            ).format(date=day(documents_due)),
        )
    await message.answer("\n".join(lines), reply_markup=cancel_keyboard())


@router.message(Signing.key_file, HasDocument())
async def key_file(message: Message, state: FSMContext) -> None:
    await take_key_file(message, state, Signing.password)


@router.message(Signing.key_file)
async def key_file_expected(message: Message) -> None:
    await ask_for_key_file(message)


@router.message(Signing.password, HasText())
async def password(
    message: Message, state: FSMContext, bot: Bot, keys: KeyChecks, account: Account | None
) -> None:
    await delete_password(message)
    assert message.from_user is not None and message.text is not None
    if (parent := await require_account(message, account)) is None:
        return
    data = await state.get_data()
    request = _request(data["request"])
    key = await read_key(bot, data["key_file_id"])
    try:
        signature = await keys.sign(
            message.from_user.id, key, message.text, request.canonical_bytes()
        )
    except (WrongPassword, TooManyAttempts) as error:
        await message.answer(describe(error))
        return
    except EdsError as error:
        await state.set_state(Signing.key_file)
        await message.answer(describe(error) + "\n" + _("Send another key file, or /cancel."))
        return
    finally:
        del key
    await state.set_data({"request": data["request"], "signature": _signature_data(signature)})
    await state.set_state(Signing.confirm)
    lines = [
        _("Signing key: {name}, IIN {iin}, certificate {serial}").format(
            name=signature.signer_name,
            iin=mask_iin(signature.signer_iin),
            serial=signature.certificate_serial,
        ),
        _("Application No. {number}, kindergarten {kindergarten}, group year {year}").format(
            number=request.application_number,
            kindergarten=request.kindergarten_code,
            year=request.group_year,
        ),
    ]
    if signature.signer_iin != parent.iin:
        lines.append(_("The referral must be signed with the applicant's own key."))
    lines.append(_("Press «{sign}» to send the request.").format(sign=_("Sign")))
    await message.answer(
        "\n".join(lines),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=_("Sign"), callback_data=ConfirmCb(step="sign").pack())],
                [
                    InlineKeyboardButton(
                        text=_("Cancel"), callback_data=ConfirmCb(step="cancel").pack()
                    )
                ],
            ]
        ),
    )


@router.message(Signing.password)
async def password_expected(message: Message) -> None:
    await message.answer(_("Send the password as a text message, or /cancel."))


@router.callback_query(Signing.confirm, ConfirmCb.filter())
async def confirm(
    callback: CallbackQuery,
    callback_data: ConfirmCb,
    state: FSMContext,
    account: Account | None,
    issuer: ReferralIssuer,
    queue: QueueService,
    i18n: I18n,
) -> None:
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    data = await state.get_data()
    await state.clear()  # a second tap on «Қол қою» finds nothing to sign
    if callback_data.step != "sign":
        await message.answer(_("Cancelled."))
        return
    application_id = int(data["request"]["application_id"])
    try:
        referral = await issuer.issue(_request(data["request"]), _signature(data["signature"]))
    except PlaceNoLongerFree as taken:
        await _refreshed_list(message, application_id, parent, queue, i18n, describe(taken))
        return
    except DomainError as error:
        await message.answer(describe(error))
        return
    lines = [
        _("The referral No. {number} is issued.").format(number=referral.number),
        _("Bring the child to the kindergarten by {date} (5 working days).").format(
            date=when(referral.lapses_at)
        ),
        _("You may revoke it until {date}.").format(date=when(referral.revocable_until)),
    ]
    if referral.documents_due_at is not None:
        lines.append(
            _(
                "You hold a benefit: bring documents confirming it, issued no later than {date}."
            ).format(date=day(referral.documents_due_at))
        )
    await message.answer(
        "\n".join(lines),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=_("Download the referral (PDF)"),
                        callback_data=PdfCb(referral=referral.id).pack(),
                    )
                ],
                [
                    InlineKeyboardButton(
                        text=_("Open the application"),
                        callback_data=AppCb(action=AppAction.OPEN, id=application_id).pack(),
                    )
                ],
            ]
        ),
    )


@router.callback_query(ConfirmCb.filter(F.step.in_({"sign", "login", "cancel"})))
async def stale_confirmation(callback: CallbackQuery) -> None:
    """A second tap on «Қол қою» / «Кіру», or an old button: nothing happens twice."""
    await callback.answer(_("This has already been done."))


async def _refreshed_list(
    message: object,
    application_id: int,
    parent: Account,
    queue: QueueService,
    i18n: I18n,
    reason: str,
) -> None:
    assert isinstance(message, Message)
    try:
        choices = await queue.choices(application_id, parent.iin)
    except DomainError as error:
        await message.answer(reason + "\n" + describe(error))
        return
    text, keyboard = places_view(choices, PlacesCb(app=application_id), i18n)
    await message.answer(reason + "\n" + text, reply_markup=keyboard)
