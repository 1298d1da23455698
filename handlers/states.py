from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class Login(StatesGroup):
    key_file = State()  # R1: the AUTH_RSA256_…p12 file
    password = State()
    confirm = State()  # the key owner is shown; «Кіру» / «Войти»
    email = State()  # R2
    phone = State()  # R2


class Signing(StatesGroup):
    key_file = State()  # R10: the RSA256_…p12 file
    password = State()
    confirm = State()  # the key's data is shown; «Қол қою» / «Подписать»


class Attach(StatesGroup):
    number = State()  # R3: the application number


class Extend(StatesGroup):
    days = State()  # R14: typed number of days


class PublishPlaces(StatesGroup):
    kindergarten = State()
    group_year = State()
    language = State()
    count = State()  # typed
    confirm = State()


class AdminReason(StatesGroup):
    text = State()  # the written reason of a stop-list lift or a restore


class Broadcast(StatesGroup):
    text = State()
    confirm = State()


class Nearby(StatesGroup):
    location = State()  # «Жақын маңда / Рядом со мной»: Telegram's location button
