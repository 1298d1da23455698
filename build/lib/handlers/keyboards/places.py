"""R7, R9, R10: the notice, a page of free places with its filters, the districts, a place."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from domain.dto import PlaceChoice
from domain.enums import Language
from handlers.callbacks import AppAction, AppCb, DistrictsCb, PlaceCb, PlacesCb, SignCb
from handlers.texts import in_chat_language, language_name

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


def places_keyboard(
    shown: list[PlaceChoice], query: PlacesCb, page: int, pages: int, i18n: I18n
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for choice in shown:
        builder.button(
            text=_("{name} · {language} · {free} free").format(
                name=in_chat_language(i18n, choice.name_kk, choice.name_ru),
                language=language_name(choice.language),
                free=choice.free_count,
            ),
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
            app=query.app, lang=NEXT_LANGUAGE[query.lang], district=query.district
        ),
    )
    builder.button(text=_("District"), callback_data=DistrictsCb(app=query.app, lang=query.lang))
    builder.button(text=_("Back"), callback_data=AppCb(action=AppAction.OPEN, id=query.app))
    builder.adjust(*sizes, 2, 1)
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
    builder.button(text=_("Back"), callback_data=PlacesCb(app=application_id))
    builder.adjust(1)
    return builder.as_markup()
