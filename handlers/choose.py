"""R5, R7, R9: the notice, the list of free places (pages, language and district filters), a
place's card."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from domain.dto import PlaceChoice
from handlers.callbacks import AppAction, AppCb, DistrictsCb, PlaceCb, PlacesCb, SignCb
from handlers.errors import describe
from handlers.inline import show
from handlers.session import answered_parent
from handlers.texts import in_chat_language, language_name
from services.accounts import Account
from services.errors import DomainError
from services.queue import QueueService

router = Router(name=__name__)
PAGE = 6


def _name(choice: PlaceChoice, i18n: I18n) -> str:
    return in_chat_language(i18n, choice.name_kk, choice.name_ru)


def _address(choice: PlaceChoice, i18n: I18n) -> str:
    return in_chat_language(i18n, choice.address_kk, choice.address_ru)


def _district(choice: PlaceChoice, i18n: I18n) -> str:
    return in_chat_language(i18n, choice.district_kk, choice.district_ru)


def places_view(
    choices: list[PlaceChoice], query: PlacesCb, i18n: I18n
) -> tuple[str, InlineKeyboardMarkup]:
    shown = [
        c
        for c in choices
        if (not query.lang or c.language.value == query.lang)
        and (not query.district or c.district_id == query.district)
    ]
    shown.sort(key=lambda c: (_name(c, i18n), c.language.value))
    pages = max(1, -(-len(shown) // PAGE))
    page = min(max(query.page, 0), pages - 1)
    rows = [
        [
            InlineKeyboardButton(
                text=_("{name} · {language} · {free} free").format(
                    name=_name(c, i18n), language=language_name(c.language), free=c.free_count
                ),
                callback_data=PlaceCb(
                    app=query.app, kg=c.kindergarten_id, lang=c.language.value
                ).pack(),
            )
        ]
        for c in shown[page * PAGE : (page + 1) * PAGE]
    ]
    navigation = []
    if page > 0:
        navigation.append(
            InlineKeyboardButton(
                text="◀",
                callback_data=PlacesCb(
                    app=query.app, page=page - 1, lang=query.lang, district=query.district
                ).pack(),
            )
        )
    if page < pages - 1:
        navigation.append(
            InlineKeyboardButton(
                text="▶",
                callback_data=PlacesCb(
                    app=query.app, page=page + 1, lang=query.lang, district=query.district
                ).pack(),
            )
        )
    if navigation:
        rows.append(navigation)
    next_language = {"": "kk", "kk": "ru", "ru": ""}[query.lang]
    rows.append(
        [
            InlineKeyboardButton(
                text=_("Language: {language}").format(
                    language=language_name(query.lang) if query.lang else _("any")
                ),
                callback_data=PlacesCb(
                    app=query.app, lang=next_language, district=query.district
                ).pack(),
            ),
            InlineKeyboardButton(
                text=_("District"), callback_data=DistrictsCb(app=query.app, lang=query.lang).pack()
            ),
        ]
    )
    rows.append(
        [
            InlineKeyboardButton(
                text=_("Back"), callback_data=AppCb(action=AppAction.OPEN, id=query.app).pack()
            )
        ]
    )
    if shown:
        text = _(
            "Free places for your group year ({count}), page {page} of {pages}. Mind the language "
            "of instruction and the location."
        ).format(count=sum(c.free_count for c in shown), page=page + 1, pages=pages)
    else:
        text = _("No free places match the filters. Change the language or the district.")
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


@router.callback_query(AppCb.filter(F.action == AppAction.CHOOSE))
async def notice(
    callback: CallbackQuery, callback_data: AppCb, account: Account | None, queue: QueueService
) -> None:
    """R7: the notice window, then «OK» opens the list."""
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    try:
        await queue.choices(callback_data.id, parent.iin)
    except DomainError as error:
        await message.answer(describe(error))
        return
    await message.answer(
        _(
            "Please note: if you neither choose a kindergarten nor obtain the referral within 3 "
            "working days, the place becomes open to every applicant of your group year; you keep "
            "your place in the queue. Mind the language of instruction and the location of the "
            "kindergarten."
        ),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text="OK", callback_data=PlacesCb(app=callback_data.id).pack()
                    )
                ]
            ]
        ),
    )


@router.callback_query(PlacesCb.filter())
async def places(
    callback: CallbackQuery,
    callback_data: PlacesCb,
    account: Account | None,
    queue: QueueService,
    i18n: I18n,
) -> None:
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    try:
        choices = await queue.choices(callback_data.app, parent.iin)
    except DomainError as error:
        await message.answer(describe(error))
        return
    text, keyboard = places_view(choices, callback_data, i18n)
    await show(callback, text, keyboard)


@router.callback_query(DistrictsCb.filter())
async def districts(
    callback: CallbackQuery,
    callback_data: DistrictsCb,
    account: Account | None,
    queue: QueueService,
    i18n: I18n,
) -> None:
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    try:
        choices = await queue.choices(callback_data.app, parent.iin)
    except DomainError as error:
        await message.answer(describe(error))
        return
    named = {c.district_id: _district(c, i18n) for c in choices}
    rows = [
        [
            InlineKeyboardButton(
                text=name,
                callback_data=PlacesCb(
                    app=callback_data.app, lang=callback_data.lang, district=district
                ).pack(),
            )
        ]
        for district, name in sorted(named.items(), key=lambda item: item[1])
    ]
    rows.append(
        [
            InlineKeyboardButton(
                text=_("Every district"),
                callback_data=PlacesCb(app=callback_data.app, lang=callback_data.lang).pack(),
            )
        ]
    )
    await show(callback, _("Choose the district."), InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(PlaceCb.filter())
async def place(
    callback: CallbackQuery,
    callback_data: PlaceCb,
    account: Account | None,
    queue: QueueService,
    i18n: I18n,
) -> None:
    if (found := await answered_parent(callback, account)) is None:
        return
    message, parent = found
    try:
        choices = await queue.choices(callback_data.app, parent.iin)
    except DomainError as error:
        await message.answer(describe(error))
        return
    choice = next(
        (
            c
            for c in choices
            if c.kindergarten_id == callback_data.kg and c.language.value == callback_data.lang
        ),
        None,
    )
    if choice is None:
        text, keyboard = places_view(choices, PlacesCb(app=callback_data.app), i18n)
        await message.answer(describe_taken() + "\n" + text, reply_markup=keyboard)
        return
    await show(
        callback,
        _(
            "{name}\nAddress: {address}\nDistrict: {district}\nLanguage of instruction: "
            "{language}\nGroup year: {year}\nFree places: {free}"
        ).format(
            name=_name(choice, i18n),
            address=_address(choice, i18n),
            district=_district(choice, i18n),
            language=language_name(choice.language),
            year=choice.group_year,
            free=choice.free_count,
        ),
        InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=_("Sign and send"),
                        callback_data=SignCb(
                            app=callback_data.app,
                            kg=choice.kindergarten_id,
                            lang=choice.language.value,
                        ).pack(),
                    )
                ],
                [
                    InlineKeyboardButton(
                        text=_("Back"), callback_data=PlacesCb(app=callback_data.app).pack()
                    )
                ],
            ]
        ),
    )


def describe_taken() -> str:
    return _("Somebody has just taken this place. Here are the places that are free now.")
