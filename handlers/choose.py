"""R5, R7, R9: the notice, the list of free places (pages, language and district filters), a
place's card."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from domain.dto import PlaceChoice
from domain.enums import Language
from domain.geo import Point, distance_km
from handlers.callbacks import AppAction, AppCb, DistrictsCb, PlaceCb, PlacesCb
from handlers.inline import show
from handlers.keyboards.places import (
    districts_keyboard,
    notice_keyboard,
    place_keyboard,
    places_keyboard,
)
from handlers.refusals import describe
from handlers.session import LoggedIn
from handlers.texts import in_chat_language, language_name
from services.accounts import Account
from services.errors import PlaceNoLongerFree
from services.queue import QueueService

PAGE = 6


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(notice, AppCb.filter(F.action == AppAction.CHOOSE), LoggedIn())
    router.callback_query.register(places, PlacesCb.filter(), LoggedIn())
    router.callback_query.register(districts, DistrictsCb.filter(), LoggedIn())
    router.callback_query.register(place, PlaceCb.filter(), LoggedIn())
    return router


def places_view(
    choices: list[PlaceChoice], query: PlacesCb, i18n: I18n, origin: Point | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """One page of the places that pass the filters, and its buttons: by name, or by distance
    from `origin` (those without coordinates last, by name)."""
    shown = [
        c
        for c in choices
        if (query.lang is None or c.language is query.lang)
        and (not query.district or c.district_id == query.district)
    ]
    shown.sort(key=lambda c: (in_chat_language(i18n, c.name_kk, c.name_ru), c.language.value))
    measured = [(c, _distance(c, origin)) for c in shown]
    if origin is not None:
        measured.sort(key=lambda pair: (pair[1] is None, pair[1] or 0.0))
    pages = max(1, -(-len(shown) // PAGE))
    page = min(max(query.page, 0), pages - 1)
    if shown:
        text = _(
            "Free places for your group year ({count}), page {page} of {pages}. Mind the language "
            "of instruction and the location."
        ).format(count=sum(c.free_count for c in shown), page=page + 1, pages=pages)
    else:
        text = _("No free places match the filters. Change the language or the district.")
    on_page = measured[page * PAGE : (page + 1) * PAGE]
    return text, places_keyboard(on_page, query, page, pages, i18n)


def chosen(choices: list[PlaceChoice], kindergarten_id: int, lang: Language) -> PlaceChoice | None:
    """The line of the list a place button names, if it is still there."""
    return next(
        (c for c in choices if c.kindergarten_id == kindergarten_id and c.language is lang), None
    )


def _distance(choice: PlaceChoice, origin: Point | None) -> float | None:
    point = choice.point
    return None if origin is None or point is None else distance_km(origin, point)


async def shared_location(state: FSMContext) -> Point | None:
    """The location shared for «Жақын маңда / Рядом со мной», kept in the chat state only."""
    shared = (await state.get_data()).get("location")
    return (float(shared[0]), float(shared[1])) if shared else None


async def notice(
    callback: CallbackQuery, callback_data: AppCb, parent: Account, queue: QueueService
) -> None:
    """R7: the notice window, then «OK» opens the list (refused here if choosing is closed)."""
    await queue.choices(callback_data.id, parent.iin)
    if callback.message is not None:
        await callback.message.answer(
            _(
                "Please note: if you neither choose a kindergarten nor obtain the referral within "
                "3 working days, the place becomes open to every applicant of your group year; you "
                "keep your place in the queue. Mind the language of instruction and the location "
                "of the kindergarten."
            ),
            reply_markup=notice_keyboard(callback_data.id),
        )


async def places(
    callback: CallbackQuery,
    callback_data: PlacesCb,
    parent: Account,
    queue: QueueService,
    i18n: I18n,
    state: FSMContext,
) -> None:
    choices = await queue.choices(callback_data.app, parent.iin)
    origin = await shared_location(state) if callback_data.near else None
    await show(callback, *places_view(choices, callback_data, i18n, origin))


async def districts(
    callback: CallbackQuery,
    callback_data: DistrictsCb,
    parent: Account,
    queue: QueueService,
    i18n: I18n,
) -> None:
    choices = await queue.choices(callback_data.app, parent.iin)
    named = {c.district_id: in_chat_language(i18n, c.district_kk, c.district_ru) for c in choices}
    names = sorted(named.items(), key=lambda item: item[1])
    await show(
        callback,
        _("Choose the district."),
        districts_keyboard(names, callback_data.app, callback_data.lang),
    )


async def place(
    callback: CallbackQuery,
    callback_data: PlaceCb,
    parent: Account,
    queue: QueueService,
    i18n: I18n,
) -> None:
    choices = await queue.choices(callback_data.app, parent.iin)
    choice = chosen(choices, callback_data.kg, callback_data.lang)
    if choice is None:  # taken since the list was shown: the list as it is now
        text, keyboard = places_view(choices, PlacesCb(app=callback_data.app), i18n)
        if callback.message is not None:
            await callback.message.answer(
                describe(PlaceNoLongerFree()) + "\n" + text, reply_markup=keyboard
            )
        return
    await show(callback, place_text(choice, i18n), place_keyboard(callback_data.app, choice))


def place_text(choice: PlaceChoice, i18n: I18n) -> str:
    """R9: what a parent weighs: name, address, district, language, group year, free places."""
    return _(
        "{name}\nAddress: {address}\nDistrict: {district}\nLanguage of instruction: "
        "{language}\nGroup year: {year}\nFree places: {free}"
    ).format(
        name=in_chat_language(i18n, choice.name_kk, choice.name_ru),
        address=in_chat_language(i18n, choice.address_kk, choice.address_ru),
        district=in_chat_language(i18n, choice.district_kk, choice.district_ru),
        language=language_name(choice.language),
        year=choice.group_year,
        free=choice.free_count,
    )
