"""District administrators publish free places step by step: kindergarten → group year →
language → count → confirmation. The places desk checks every choice; the places are offered
to the queue at once (R6)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from domain.enums import Language
from handlers.callbacks import PublishCb, PublishStep
from handlers.filters import HasText
from handlers.inline import show
from handlers.keyboards import staff as keyboards
from handlers.staff_filters import Need, StaffOnly
from handlers.states import PublishPlaces
from handlers.steps import use_the_buttons
from handlers.texts import in_chat_language, language_name
from services.staff.places_desk import PlacesDesk, PlacesToPublish
from services.staff.roles import Staffer
from services.texts import N_

CHOOSE_KINDERGARTEN = N_("Publishing free places. Choose the kindergarten:")


def router() -> Router:
    router = Router(name=__name__)
    admin = StaffOnly(Need.ADMIN)
    on = router.callback_query.register
    router.message.register(begin, Command("places"), admin)
    on(page, PublishPlaces.kindergarten, PublishCb.filter(F.step == PublishStep.PAGE), admin)
    on(
        kindergarten,
        PublishPlaces.kindergarten,
        PublishCb.filter(F.step == PublishStep.KINDERGARTEN),
        admin,
    )
    on(group_year, PublishPlaces.group_year, PublishCb.filter(F.step == PublishStep.YEAR), admin)
    on(language, PublishPlaces.language, PublishCb.filter(F.step == PublishStep.LANGUAGE), admin)
    router.message.register(count, PublishPlaces.count, HasText(), admin)
    router.message.register(count_expected, PublishPlaces.count)
    on(publish, PublishPlaces.confirm, PublishCb.filter(F.step == PublishStep.PUBLISH), admin)
    on(cancel, PublishCb.filter(F.step == PublishStep.CANCEL), admin)
    router.message.register(
        use_the_buttons,
        StateFilter(
            PublishPlaces.kindergarten,
            PublishPlaces.group_year,
            PublishPlaces.language,
            PublishPlaces.confirm,
        ),
    )
    return router


def _name(chosen: PlacesToPublish, i18n: I18n) -> str:
    return in_chat_language(i18n, chosen.kindergarten.name_kk, chosen.kindergarten.name_ru)


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
        _(CHOOSE_KINDERGARTEN), reply_markup=keyboards.kindergarten_page(kindergartens, 0, i18n)
    )


async def page(
    callback: CallbackQuery,
    callback_data: PublishCb,
    staffer: Staffer,
    places_desk: PlacesDesk,
    i18n: I18n,
) -> None:
    kindergartens = await places_desk.kindergartens(staffer)
    await show(
        callback,
        _(CHOOSE_KINDERGARTEN),
        keyboards.kindergarten_page(kindergartens, callback_data.value, i18n),
    )


async def kindergarten(
    callback: CallbackQuery,
    callback_data: PublishCb,
    state: FSMContext,
    staffer: Staffer,
    places_desk: PlacesDesk,
    i18n: I18n,
) -> None:
    chosen = await places_desk.choose(staffer, callback_data.value)
    await state.update_data(kindergarten=chosen.kindergarten.id)
    await state.set_state(PublishPlaces.group_year)
    await show(
        callback,
        _("{kindergarten}: choose the group year (the children's year of birth):").format(
            kindergarten=_name(chosen, i18n)
        ),
        keyboards.group_years(places_desk.group_years()),
    )


async def group_year(
    callback: CallbackQuery,
    callback_data: PublishCb,
    state: FSMContext,
    staffer: Staffer,
    places_desk: PlacesDesk,
) -> None:
    data = await state.get_data()
    chosen = await places_desk.choose(staffer, int(data["kindergarten"]), callback_data.value)
    await state.update_data(group_year=chosen.group_year)
    await state.set_state(PublishPlaces.language)
    await show(
        callback,
        _("Group year {year}: choose the group's language:").format(year=chosen.group_year),
        keyboards.languages(chosen.kindergarten.taught),
    )


async def language(
    callback: CallbackQuery,
    callback_data: PublishCb,
    state: FSMContext,
    staffer: Staffer,
    places_desk: PlacesDesk,
) -> None:
    data = await state.get_data()
    chosen = await places_desk.choose(
        staffer, int(data["kindergarten"]), int(data["group_year"]), callback_data.lang
    )
    assert chosen.language is not None
    await state.update_data(language=chosen.language.value)
    await state.set_state(PublishPlaces.count)
    await show(callback, _("How many free places? Send a number from 1 to 1000, or /cancel."))


async def count(
    message: Message, state: FSMContext, staffer: Staffer, places_desk: PlacesDesk, i18n: I18n
) -> None:
    assert message.text is not None
    data = await state.get_data()
    chosen = await places_desk.choose(
        staffer,
        int(data["kindergarten"]),
        int(data["group_year"]),
        Language(data["language"]),
        message.text,
    )
    await state.update_data(count=chosen.count)
    await state.set_state(PublishPlaces.confirm)
    await message.answer(
        _(
            "Publish {count} free place(s) in {kindergarten}, group year {year}, "
            "{language} language?"
        ).format(
            count=chosen.count,
            kindergarten=_name(chosen, i18n),
            year=chosen.group_year,
            language=language_name(Language(data["language"])),
        ),
        reply_markup=keyboards.publish_or_cancel(),
    )


async def count_expected(message: Message) -> None:
    await message.answer(_("Send the number of places as a number, e.g. 5, or /cancel."))


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
    await show(
        callback,
        _(
            "Published: {count} free place(s) in {kindergarten}, group year {year}, {language} "
            "language. Offered to the queue now: {offered}; a place nobody in the queue can take "
            "yet stays free."
        ).format(
            count=done.count,
            offered=done.offered or 0,
            kindergarten=_name(done, i18n),
            year=done.group_year,
            language=language_name(Language(data["language"])),
        ),
    )


async def cancel(callback: CallbackQuery, state: FSMContext) -> None:
    if await state.get_state() in PublishPlaces.__all_states_names__:
        await state.clear()
    await show(callback, _("Cancelled: nothing was published."))
