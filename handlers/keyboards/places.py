"""R7, R9, R10: the notice, a page of free places with its filters, the districts, a place."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder

from domain.dto import PlaceChoice
from domain.enums import Language
from handlers.callbacks import (
    AppAction,
    AppCb,
    DistrictsCb,
    MapCb,
    NearCb,
    PlaceCb,
    PlacesCb,
    SignCb,
)
from handlers.texts import decimal, in_chat_language, language_name
from services.texts import N_

SEND_LOCATION = N_("Send my location")
CANCEL = N_("Cancel")

# The language filter's button steps through: every language → Kazakh → Russian → every.
NEXT_LANGUAGE: dict[Language | None, Language | None] = {
    None: Language.KK,
    Language.KK: Language.RU,
    Language.RU: None,
}


def notice_keyboard(application_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="OK", callback_data=PlacesCb(app=application_id))
    return builder.as_markup()


def kilometres(distance: float) -> str:
    """«1,2 км»: one decimal under 10 km, whole kilometres beyond."""
    return _("{km} km").format(km=decimal(distance, 1 if distance < 10 else 0))


def place_label(choice: PlaceChoice, i18n: I18n, distance: float | None) -> str:
    name = in_chat_language(i18n, choice.name_kk, choice.name_ru)
    language, free = language_name(choice.language), choice.free_count
    if distance is None:
        return _("{name} · {language} · {free} free").format(
            name=name, language=language, free=free
        )
    return _("{name} · {distance} · {language} · {free} free").format(
        name=name, distance=kilometres(distance), language=language, free=free
    )


def places_keyboard(
    shown: list[tuple[PlaceChoice, float | None]],
    query: PlacesCb,
    page: int,
    pages: int,
    i18n: I18n,
) -> InlineKeyboardMarkup:
    """`shown`: the page's places, each with its distance when sorted by it."""
    builder = InlineKeyboardBuilder()
    for choice, distance in shown:
        builder.button(
            text=place_label(choice, i18n, distance),
            callback_data=PlaceCb(app=query.app, kg=choice.kindergarten_id, lang=choice.language),
        )
    sizes = [1] * len(shown)
    navigation = [p for p in (page - 1, page + 1) if 0 <= p < pages]
    for target in navigation:
        builder.button(
            text="◀" if target < page else "▶",
            callback_data=query.model_copy(update={"page": target}),
        )
    if navigation:
        sizes.append(len(navigation))
    builder.button(
        text=_("Language: {language}").format(
            language=language_name(query.lang) if query.lang else _("any")
        ),
        callback_data=PlacesCb(
            app=query.app, lang=NEXT_LANGUAGE[query.lang], district=query.district, near=query.near
        ),
    )
    builder.button(text=_("District"), callback_data=DistrictsCb(app=query.app, lang=query.lang))
    builder.button(
        text=_("Near me"),
        callback_data=NearCb(app=query.app, lang=query.lang, district=query.district),
    )
    builder.button(text=_("Back"), callback_data=AppCb(action=AppAction.OPEN, id=query.app))
    builder.adjust(*sizes, 2, 1, 1)
    return builder.as_markup()


def districts_keyboard(
    names: list[tuple[int, str]], application_id: int, lang: Language | None
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for district, name in names:
        builder.button(
            text=name, callback_data=PlacesCb(app=application_id, lang=lang, district=district)
        )
    builder.button(text=_("Every district"), callback_data=PlacesCb(app=application_id, lang=lang))
    builder.adjust(1)
    return builder.as_markup()


def place_keyboard(application_id: int, choice: PlaceChoice) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("Sign and send"),
        callback_data=SignCb(app=application_id, kg=choice.kindergarten_id, lang=choice.language),
    )
    if choice.point is not None:
        builder.button(
            text=_("On the map"),
            callback_data=MapCb(
                app=application_id, kg=choice.kindergarten_id, lang=choice.language
            ),
        )
    builder.button(text=_("Back"), callback_data=PlacesCb(app=application_id))
    builder.adjust(1)
    return builder.as_markup()


def location_keyboard() -> ReplyKeyboardMarkup:
    builder = ReplyKeyboardBuilder()
    builder.button(text=_(SEND_LOCATION), request_location=True)
    builder.button(text=_(CANCEL))
    builder.adjust(1)
    return builder.as_markup(resize_keyboard=True, one_time_keyboard=True)
