"""R1, R2: logging in with the EDS authentication key; e-mail and phone the first time."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import ConfirmCb, Step
from handlers.egov import offer
from handlers.filters import HasContact, HasDocument, HasText
from handlers.keyboards.account import SHARE_PHONE, confirm_login, share_phone
from handlers.keyboards.common import cancel_step
from handlers.keyfiles import (
    ask_for_key_file,
    ask_for_password,
    delete_password,
    read_key,
    take_key_file,
)
from handlers.menu import JOURNAL, LOG_IN, MenuButton, main_menu
from handlers.options import ChatOptions
from handlers.signing_state import person_data, person_of
from handlers.states import Login
from handlers.steps import use_the_buttons
from handlers.texts import person_text
from services.accounts import Account, AccountService
from services.eds import Person
from services.eds.keys import KeyChecks
from services.egov import EgovRequests


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(begin, Command("login"))
    router.message.register(begin, MenuButton(LOG_IN))
    router.message.register(key_file, Login.key_file, HasDocument())
    router.message.register(ask_for_key_file, Login.key_file)
    router.message.register(password, Login.password, HasText())
    router.message.register(ask_for_password, Login.password)
    router.callback_query.register(log_in, Login.confirm, ConfirmCb.filter(F.step == Step.LOGIN))
    router.callback_query.register(cancel, Login.confirm, ConfirmCb.filter(F.step == Step.CANCEL))
    router.message.register(use_the_buttons, Login.confirm)
    router.message.register(email, Login.email, HasText())
    router.message.register(email_expected, Login.email)
    router.message.register(phone, Login.phone, HasContact())
    router.message.register(phone_expected, Login.phone)
    return router


async def login_confirmation(state: FSMContext, person: Person) -> tuple[str, InlineKeyboardMarkup]:
    """R1: the key's owner is shown and «Кіру / Войти» awaits; the conversation keeps the
    owner's data for that step (no key, no password). Key files and eGov Mobile both end here."""
    await state.set_data({"person": person_data(person)})
    await state.set_state(Login.confirm)
    return person_text(person), confirm_login()


async def begin(
    message: Message,
    state: FSMContext,
    account: Account | None,
    bot: Bot,
    i18n: I18n,
    chat_options: ChatOptions,
    egov: EgovRequests,
) -> None:
    if account is not None:
        await message.answer(
            _("You are logged in as {name}.").format(name=account.full_name),
            reply_markup=main_menu(True),
        )
        return
    if chat_options.egov is not None:  # R1 where the key lives
        assert message.from_user is not None
        await state.clear()
        me = await bot.me()
        row = await egov.open_login(message.from_user.id, i18n.current_locale, me.username or "")
        await offer(message, row, chat_options, egov)
        return
    await state.set_state(Login.key_file)
    await message.answer(
        _(
            "Send your EDS authentication key as a file: its name starts with AUTH_RSA256 and ends "
            "with .p12."
        ),
        reply_markup=cancel_step(),
    )


async def key_file(message: Message, state: FSMContext) -> None:
    await take_key_file(message, state, Login.password)


async def password(message: Message, state: FSMContext, bot: Bot, keys: KeyChecks) -> None:
    await delete_password(message)
    assert message.from_user is not None and message.text is not None
    person = await keys.login(message.from_user.id, await read_key(bot, state), message.text)
    text, keyboard = await login_confirmation(state, person)
    await message.answer(text, reply_markup=keyboard)


async def log_in(callback: CallbackQuery, state: FSMContext, accounts: AccountService) -> None:
    """R1 «Кіру / Войти»; R2 the first time: the e-mail, then the phone."""
    data = await state.get_data()
    account = await accounts.log_in(callback.from_user.id, person_of(data["person"]))
    if callback.message is None:
        return
    if account.needs_contacts:
        await state.set_data({})
        await state.set_state(Login.email)
        await callback.message.answer(
            _("Welcome, {name}! The first time we need your e-mail address: send it.").format(
                name=account.full_name
            )
        )
        return
    await state.clear()
    await callback.message.answer(
        _("Welcome, {name}! Your applications are in «{journal}».").format(
            name=account.full_name, journal=_(JOURNAL)
        ),
        reply_markup=main_menu(True),
    )


async def cancel(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    if callback.message is not None:
        await callback.message.answer(_("Cancelled."), reply_markup=main_menu(False))


async def email(message: Message, state: FSMContext, accounts: AccountService) -> None:
    assert message.from_user is not None and message.text is not None
    await accounts.set_email(message.from_user.id, message.text)
    await state.set_state(Login.phone)
    await message.answer(
        _("Thank you. Now share your phone number with the button below."),
        reply_markup=share_phone(),
    )


async def email_expected(message: Message) -> None:
    await message.answer(_("Send your e-mail address as a text message, e.g. aigul@mail.kz."))


async def phone(message: Message, state: FSMContext, accounts: AccountService) -> None:
    assert message.from_user is not None and message.contact is not None
    await accounts.set_phone(
        message.from_user.id, message.contact.phone_number, message.contact.user_id
    )
    await state.clear()
    await message.answer(
        _(
            "Done. Notifications will come here and to your e-mail. Your applications are in "
            "«{journal}»."
        ).format(journal=_(JOURNAL)),
        reply_markup=main_menu(True),
    )


async def phone_expected(message: Message) -> None:
    await message.answer(
        _("Please press «{button}» below: the number must be your own.").format(
            button=_(SHARE_PHONE)
        )
    )
