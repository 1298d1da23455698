"""/start, the language, /help, /cancel, and the verification of a referral by its deep link."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from domain.enums import ReferralStatus
from handlers.callbacks import ArrivalCb, LanguageCb
from handlers.keyboards.account import languages
from handlers.keyboards.common import one_button
from handlers.menu import HELP, JOURNAL, LOG_IN, MenuButton, main_menu
from handlers.texts import in_chat_language, referral_status_name, when
from services.accounts import Account, AccountService
from services.documents import DocumentService, Verification
from services.staff.kindergarten_desk import KindergartenDesk
from services.staff.roles import RoleService
from services.texts import N_

CHOOSE_LANGUAGE = N_("Please choose the language.")


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(start_with_code, CommandStart(deep_link=True, magic=None))
    router.message.register(start, CommandStart())
    router.callback_query.register(choose_language, LanguageCb.filter())
    router.message.register(language_command, Command("language"))
    router.message.register(help_, Command("help"))
    router.message.register(help_, MenuButton(HELP))
    router.message.register(cancel, Command("cancel"))
    return router


def welcome(account: Account | None) -> str:
    if account is None:
        return _(
            "This bot gets you a referral to a state kindergarten, as the portal does: log in with "
            "your EDS key, see your applications and your place in the queue, choose a "
            "kindergarten "
            "when your turn comes and sign the referral. Start with «{login}»."
        ).format(login=_(LOG_IN))
    return _("Hello, {name}! Your applications are in «{journal}».").format(
        name=account.full_name, journal=_(JOURNAL)
    )


def in_every_language(i18n: I18n, message: str) -> str:
    """Before the parent chose a language, the question is asked in both."""
    return "\n".join(i18n.gettext(message, locale=locale) for locale in i18n.available_locales)


async def _arrival_button(
    message: Message,
    verification: Verification,
    roles: RoleService,
    kindergarten_desk: KindergartenDesk,
) -> InlineKeyboardMarkup | None:
    """For the staff of the referral's kindergarten, while the child is still expected; the
    roles are read only then (anyone may check a referral)."""
    if verification.status is not ReferralStatus.ACTIVE or message.from_user is None:
        return None
    staffer = await roles.staffer(message.from_user.id)
    if not kindergarten_desk.may_record_arrival(staffer, verification.kindergarten_id):
        return None
    return one_button(_("Record the arrival"), ArrivalCb(referral=verification.referral_id))


async def start_with_code(
    message: Message,
    command: CommandObject,
    documents: DocumentService,
    account: Account | None,
    i18n: I18n,
    roles: RoleService,
    kindergarten_desk: KindergartenDesk,
) -> None:
    """R11: /start v_<code> answers whether a referral is authentic, to anyone; the staff of
    the referral's kindergarten also get a button that records the child's arrival."""
    argument = command.args or ""
    if not argument.startswith("v_"):
        await message.answer(welcome(account), reply_markup=main_menu(account is not None))
        return
    verification = await documents.verify(argument[2:])
    await message.answer(
        verification_text(verification, i18n),
        reply_markup=await _arrival_button(message, verification, roles, kindergarten_desk),
    )


def verification_text(verification: Verification, i18n: I18n) -> str:
    if verification.authentic:
        verdict = _("The referral is authentic: its EDS signature is valid.")
    else:
        verdict = _("Warning: the signature of this referral could not be confirmed.")
    return _(
        "{verdict}\nReferral No. {number}\nKindergarten: {kindergarten}\nGroup year: {year}\n"
        "Issued: {issued}\nStatus: {status}\nSigned by the applicant, IIN {signer}"
    ).format(
        verdict=verdict,
        number=verification.number,
        kindergarten=in_chat_language(
            i18n, verification.kindergarten_kk, verification.kindergarten_ru
        ),
        year=verification.group_year,
        issued=when(verification.issued_at),
        status=referral_status_name(verification.status),
        signer=verification.signer_masked_iin,
    )


async def start(
    message: Message,
    state: FSMContext,
    accounts: AccountService,
    account: Account | None,
    i18n: I18n,
) -> None:
    await state.clear()
    assert message.from_user is not None
    if await accounts.locale(message.from_user.id) is None:
        await message.answer(in_every_language(i18n, CHOOSE_LANGUAGE), reply_markup=languages())
        return
    await message.answer(welcome(account), reply_markup=main_menu(account is not None))


async def choose_language(
    callback: CallbackQuery,
    callback_data: LanguageCb,
    callback_answer: CallbackAnswer,
    accounts: AccountService,
    account: Account | None,
    i18n: I18n,
) -> None:
    await accounts.set_locale(callback.from_user.id, callback_data.code)
    with i18n.use_locale(callback_data.code):
        callback_answer.text = _("The chat now speaks your language.")
        if callback.message is not None:
            await callback.message.answer(
                welcome(account), reply_markup=main_menu(account is not None)
            )


async def language_command(message: Message, i18n: I18n) -> None:
    await message.answer(in_every_language(i18n, CHOOSE_LANGUAGE), reply_markup=languages())


async def help_(message: Message) -> None:
    await message.answer(help_text())


def help_text() -> str:
    how = _(
        "How it works\n\n"
        "Queue. Applications of one district (or city) and group year stand in one queue: "
        "out-of-turn benefit first, then first-priority, then the rest, each by submission "
        "time.\n\n"
        "Your turn. When a place is free for you, we send a notification and the status becomes "
        "«Notification sent». Choose a kindergarten within 3 working days; after that the place "
        "becomes free choice, open to everybody of your group year, and you keep your place in "
        "the queue.\n\n"
        "Referral. You sign it with your EDS signing key (RSA256_…). Bring the child to the "
        "kindergarten within 5 working days. You may revoke it within 24 hours, or extend it once "
        "by up to 30 calendar days.\n\n"
        "Stop-list. If the child does not come in time, the referral is cancelled and the "
        "application is stop-listed for 10 working days; after a second miss it is removed from "
        "the queue.\n\n"
        "Working days are Monday to Friday except public holidays; all times are Almaty time."
    )
    privacy = _(
        "Your location. «Near me» asks for it to sort the free places by distance. It is kept "
        "with this chat's conversation for that list only, forgotten when the conversation ends, "
        "and written nowhere else."
    )
    return f"{how}\n\n{privacy}"


async def cancel(message: Message, state: FSMContext, account: Account | None) -> None:
    await state.clear()
    await message.answer(_("Cancelled."), reply_markup=main_menu(account is not None))
