"""District administrators publish free places step by step: kindergarten → group year →
language → count → confirmation. The next sweep offers them to the queue (R6)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from domain.dto import KindergartenRow
from domain.enums import Language
from handlers.callbacks import PublishCb
from handlers.filters import HasText
from handlers.inline import show
from handlers.staff_filters import Need, StaffOnly
from handlers.states import PublishPlaces
from handlers.texts import in_chat_language, language_name
from services.staff.places_desk import PlacesDesk
from services.staff.roles import Staffer

router = Router(name=__name__)
PAGE = 8


def _name(kindergarten: KindergartenRow, i18n: I18n) -> str:
    return in_chat_language(i18n, kindergarten.name_kk, kindergarten.name_ru)


def _cancel_row() -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=_("Cancel"), callback_data=PublishCb(step="cancel").pack())]


def _kindergarten_page(
    kindergartens: list[KindergartenRow], page: int, i18n: I18n
) -> InlineKeyboardMarkup:
    pages = max(1, -(-len(kindergartens) // PAGE))
    page = min(max(page, 0), pages - 1)
    rows = [
        [
            InlineKeyboardButton(
                text=f"{k.code} · {_name(k, i18n)}",
                callback_data=PublishCb(step="kg", value=k.id).pack(),
            )
        ]
        for k in kindergartens[page * PAGE : (page + 1) * PAGE]
    ]
    navigation = []
    if page > 0:
        navigation.append(
            InlineKeyboardButton(
                text="◀", callback_data=PublishCb(step="page", value=page - 1).pack()
            )
        )
    if page < pages - 1:
        navigation.append(
            InlineKeyboardButton(
                text="▶", callback_data=PublishCb(step="page", value=page + 1).pack()
            )
        )
    if navigation:
        rows.append(navigation)
    rows.append(_cancel_row())
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.message(Command("places"), StaffOnly(Need.ADMIN))
async def begin(
    message: Message, state: FSMContext, staffer: Staffer, places_desk: PlacesDesk, i18n: I18n
) -> None:
    kindergartens = await places_desk.kindergartens(staffer)
    if not kindergartens:
        await message.answer(_("There are no kindergartens in your districts yet."))
        return
    await state.clear()
    await state.set_state(PublishPlaces.kindergarten)
    await message.answer(
        _("Publishing free places. Choose the kindergarten:"),
        reply_markup=_kindergarten_page(kindergartens, 0, i18n),
    )


async def _edit(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    await show(callback, text, markup)
    await callback.answer()


@router.callback_query(
    PublishPlaces.kindergarten, PublishCb.filter(F.step == "page"), StaffOnly(Need.ADMIN)
)
async def page(
    callback: CallbackQuery,
    callback_data: PublishCb,
    staffer: Staffer,
    places_desk: PlacesDesk,
    i18n: I18n,
) -> None:
    kindergartens = await places_desk.kindergartens(staffer)
    await _edit(
        callback,
        _("Publishing free places. Choose the kindergarten:"),
        _kindergarten_page(kindergartens, callback_data.value, i18n),
    )


@router.callback_query(
    PublishPlaces.kindergarten, PublishCb.filter(F.step == "kg"), StaffOnly(Need.ADMIN)
)
async def kindergarten(
    callback: CallbackQuery,
    callback_data: PublishCb,
    state: FSMContext,
    staffer: Staffer,
    places_desk: PlacesDesk,
    i18n: I18n,
) -> None:
    chosen = await places_desk.kindergarten(staffer, callback_data.value)  # checks the scope
    await state.update_data(kindergarten=chosen.id)
    await state.set_state(PublishPlaces.group_year)
    years = places_desk.group_years()
    rows = [
        [
            InlineKeyboardButton(
                text=str(year), callback_data=PublishCb(step="year", value=year).pack()
            )
            for year in years[i : i + 4]
        ]
        for i in range(0, len(years), 4)
    ]
    rows.append(_cancel_row())
    await _edit(
        callback,
        _("{kindergarten}: choose the group year (the children's year of birth):").format(
            kindergarten=_name(chosen, i18n)
        ),
        InlineKeyboardMarkup(inline_keyboard=rows),
    )


@router.callback_query(
    PublishPlaces.group_year, PublishCb.filter(F.step == "year"), StaffOnly(Need.ADMIN)
)
async def group_year(
    callback: CallbackQuery,
    callback_data: PublishCb,
    state: FSMContext,
    staffer: Staffer,
    places_desk: PlacesDesk,
) -> None:
    data = await state.get_data()
    chosen = await places_desk.kindergarten(staffer, int(data["kindergarten"]))
    if callback_data.value not in places_desk.group_years():
        await callback.answer(_("This button is no longer active."))
        return
    await state.update_data(group_year=callback_data.value)
    await state.set_state(PublishPlaces.language)
    languages = [Language(code) for code in chosen.languages.split("+")]
    rows = [
        [
            InlineKeyboardButton(
                text=language_name(language),
                callback_data=PublishCb(step="lang", lang=language.value).pack(),
            )
            for language in languages
        ],
        _cancel_row(),
    ]
    await _edit(
        callback,
        _("Group year {year}: choose the group's language:").format(year=callback_data.value),
        InlineKeyboardMarkup(inline_keyboard=rows),
    )


@router.callback_query(
    PublishPlaces.language, PublishCb.filter(F.step == "lang"), StaffOnly(Need.ADMIN)
)
async def language(callback: CallbackQuery, callback_data: PublishCb, state: FSMContext) -> None:
    if callback_data.lang not in {lang.value for lang in Language}:
        await callback.answer(_("This button is no longer active."))
        return
    await state.update_data(language=callback_data.lang)
    await state.set_state(PublishPlaces.count)
    await _edit(
        callback,
        _("How many free places? Send a number from 1 to 1000, or /cancel."),
        None,
    )


@router.message(PublishPlaces.count, HasText(), StaffOnly(Need.ADMIN))
async def count(
    message: Message, state: FSMContext, staffer: Staffer, places_desk: PlacesDesk, i18n: I18n
) -> None:
    assert message.text is not None
    places = places_desk.parse_count(message.text)
    data = await state.get_data()
    chosen = await places_desk.kindergarten(staffer, int(data["kindergarten"]))
    await state.update_data(count=places)
    await state.set_state(PublishPlaces.confirm)
    await message.answer(
        _(
            "Publish {count} free place(s) in {kindergarten}, group year {year}, "
            "{language} language?"
        ).format(
            count=places,
            kindergarten=_name(chosen, i18n),
            year=data["group_year"],
            language=language_name(data["language"]),
        ),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=_("Publish"), callback_data=PublishCb(step="ok").pack()
                    )
                ],
                _cancel_row(),
            ]
        ),
    )


@router.message(PublishPlaces.count)
async def count_expected(message: Message) -> None:
    await message.answer(_("Send the number of places as a number, e.g. 5, or /cancel."))


@router.callback_query(
    PublishPlaces.confirm, PublishCb.filter(F.step == "ok"), StaffOnly(Need.ADMIN)
)
async def publish(
    callback: CallbackQuery,
    state: FSMContext,
    staffer: Staffer,
    places_desk: PlacesDesk,
    i18n: I18n,
) -> None:
    data = await state.get_data()
    await state.clear()  # before the write: a second tap finds no step to confirm
    done = await places_desk.publish(
        staffer,
        int(data["kindergarten"]),
        int(data["group_year"]),
        Language(data["language"]),
        int(data["count"]),
    )
    await _edit(
        callback,
        _(
            "Published: {count} free place(s) in {kindergarten}, group year {year}, {language} "
            "language. The next sweep offers them to the queue."
        ).format(
            count=done.count,
            kindergarten=_name(done.kindergarten, i18n),
            year=done.group_year,
            language=language_name(done.language),
        ),
        None,
    )


@router.callback_query(PublishCb.filter(F.step == "cancel"), StaffOnly(Need.ADMIN))
async def cancel(callback: CallbackQuery, state: FSMContext) -> None:
    if await state.get_state() in PublishPlaces.__all_states_names__:
        await state.clear()
    await _edit(callback, _("Cancelled: nothing was published."), None)
