"""R1, R2: logging in with the EDS authentication key; e-mail and phone the first time."""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import ConfirmCb
from handlers.errors import describe
from handlers.filters import HasContact, HasDocument, HasText
from handlers.keyfiles import (
    ask_for_key_file,
    cancel_keyboard,
    delete_password,
    read_key,
    take_key_file,
)
from handlers.menu import JOURNAL, LOG_IN, MenuButton, main_menu
from handlers.states import Login
from handlers.texts import person_text
from services.accounts import Account, AccountService
from services.eds import Person
from services.eds.errors import EdsError, TooManyAttempts, WrongPassword
from services.eds.keys import KeyChecks
from services.errors import DomainError

router = Router(name=__name__)


def _remembered(person: Person) -> dict[str, str]:
    """What the conversation keeps between showing the owner and «Кіру»: no key, no password."""
    return {
        "iin": person.iin,
        "surname": person.surname,
        "given_name": person.given_name,
        "patronymic": person.patronymic,
        "serial": person.certificate_serial,
        "valid_from": person.valid_from.isoformat(),
        "valid_until": person.valid_until.isoformat(),
    }


def _person(data: dict[str, str]) -> Person:
    return Person(
        iin=data["iin"],
        surname=data["surname"],
        given_name=data["given_name"],
        patronymic=data["patronymic"],
        certificate_serial=data["serial"],
        valid_from=datetime.fromisoformat(data["valid_from"]),
        valid_until=datetime.fromisoformat(data["valid_until"]),
    )


@router.message(Command("login"))
@router.message(MenuButton(LOG_IN))
async def begin(message: Message, state: FSMContext, account: Account | None) -> None:
    if account is not None:
        await message.answer(
            _("You are logged in as {name}.").format(name=account.full_name),
            reply_markup=main_menu(True),
        )
        return
    await state.set_state(Login.key_file)
    await message.answer(
        _(
            "Send your EDS authentication key as a file: its name starts with AUTH_RSA256 and ends "
            "with .p12."
        ),
        reply_markup=cancel_keyboard(),
    )


@router.message(Login.key_file, HasDocument())
async def key_file(message: Message, state: FSMContext) -> None:
    await take_key_file(message, state, Login.password)


@router.message(Login.key_file)
async def key_file_expected(message: Message) -> None:
    await ask_for_key_file(message)


@router.message(Login.password, HasText())
async def password(message: Message, state: FSMContext, bot: Bot, keys: KeyChecks) -> None:
    await delete_password(message)
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    key = await read_key(bot, data["key_file_id"])
    try:
        person = await keys.login(message.from_user.id, key, message.text)
    except (WrongPassword, TooManyAttempts) as error:
        await message.answer(describe(error))
        return
    except EdsError as error:
        await state.set_state(Login.key_file)
        await message.answer(describe(error) + "\n" + _("Send another key file, or /cancel."))
        return
    finally:
        del key
    await state.set_data({"person": _remembered(person)})
    await state.set_state(Login.confirm)
    await message.answer(
        person_text(person),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=_(LOG_IN), callback_data=ConfirmCb(step="login").pack()
                    )
                ],
                [
                    InlineKeyboardButton(
                        text=_("Cancel"), callback_data=ConfirmCb(step="cancel").pack()
                    )
                ],
            ]
        ),
    )


@router.message(Login.password)
async def password_expected(message: Message) -> None:
    await message.answer(_("Send the password as a text message, or /cancel."))


@router.callback_query(Login.confirm, ConfirmCb.filter())
async def confirm(
    callback: CallbackQuery, callback_data: ConfirmCb, state: FSMContext, accounts: AccountService
) -> None:
    await callback.answer()
    if callback.message is None:
        return
    if callback_data.step != "login":
        await state.clear()
        await callback.message.answer(_("Cancelled."), reply_markup=main_menu(False))
        return
    data = await state.get_data()
    account = await accounts.log_in(callback.from_user.id, _person(data["person"]))
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


@router.message(Login.email, HasText())
async def email(message: Message, state: FSMContext, accounts: AccountService) -> None:
    assert message.from_user is not None and message.text is not None
    try:
        await accounts.set_email(message.from_user.id, message.text)
    except DomainError as error:
        await message.answer(describe(error))
        return
    await state.set_state(Login.phone)
    await message.answer(
        _("Thank you. Now share your phone number with the button below."),
        reply_markup=ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text=_("Share my phone number"), request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        ),
    )


@router.message(Login.email)
async def email_expected(message: Message) -> None:
    await message.answer(_("Send your e-mail address as a text message, e.g. aigul@mail.kz."))


@router.message(Login.phone, HasContact())
async def phone(message: Message, state: FSMContext, accounts: AccountService) -> None:
    assert message.from_user is not None and message.contact is not None
    try:
        await accounts.set_phone(
            message.from_user.id, message.contact.phone_number, message.contact.user_id
        )
    except DomainError as error:
        await message.answer(describe(error))
        return
    await state.clear()
    await message.answer(
        _(
            "Done. Notifications will come here and to your e-mail. Your applications are in "
            "«{journal}»."
        ).format(journal=_(JOURNAL)),
        reply_markup=main_menu(True),
    )


@router.message(Login.phone)
async def phone_expected(message: Message) -> None:
    await message.answer(
        _("Please press «{button}» below: the number must be your own.").format(
            button=_("Share my phone number")
        )
    )
