"""Nearest first: «Жақын маңда / Рядом со мной» asks for the parent's location with Telegram's
location button and shows the free places by distance («1,2 км»); «Картада / На карте» sends a
kindergarten as a venue. The location is kept in the chat's state for that sort only, never in
the database (the privacy note in /help says so)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import MapCb, NearCb, PlacesCb
from handlers.choose import chosen, places_view
from handlers.keyboards.places import CANCEL, SEND_LOCATION, location_keyboard
from handlers.menu import MenuButton, main_menu
from handlers.refusals import describe
from handlers.session import LoggedIn
from handlers.states import Nearby
from handlers.texts import in_chat_language
from services.accounts import Account
from services.errors import PlaceNoLongerFree
from services.queue import QueueService


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(ask_location, NearCb.filter(), LoggedIn())
    router.message.register(located, Nearby.location, F.location, LoggedIn())
    router.message.register(cancelled, Nearby.location, MenuButton(CANCEL))
    router.message.register(location_expected, Nearby.location)
    router.callback_query.register(on_the_map, MapCb.filter(), LoggedIn())
    return router


async def ask_location(
    callback: CallbackQuery,
    callback_data: NearCb,
    state: FSMContext,
    parent: Account,
    queue: QueueService,
) -> None:
    await queue.choices(callback_data.app, parent.iin)  # their own, and choosing is open
    await state.set_state(Nearby.location)
    await state.update_data(near=callback_data.pack())
    if callback.message is not None:
        await callback.message.answer(
            _(
                "Share your location with the button below: the free places will be sorted by "
                "distance from it. It is used for this list only and is not stored."
            ),
            reply_markup=location_keyboard(),
        )


async def located(
    message: Message, state: FSMContext, parent: Account, queue: QueueService, i18n: I18n
) -> None:
    assert message.location is not None
    asked = NearCb.unpack(str((await state.get_data()).get("near")))
    await state.set_state(None)
    await state.update_data(location=[message.location.latitude, message.location.longitude])
    await message.answer(
        _("The free places, nearest first."), reply_markup=main_menu(logged_in=True)
    )
    query = PlacesCb(app=asked.app, lang=asked.lang, district=asked.district, near=True)
    choices = await queue.choices(asked.app, parent.iin)
    origin = (message.location.latitude, message.location.longitude)
    text, keyboard = places_view(choices, query, i18n, origin)
    await message.answer(text, reply_markup=keyboard)


async def cancelled(message: Message, state: FSMContext, account: Account | None) -> None:
    await state.set_state(None)
    await message.answer(_("Cancelled."), reply_markup=main_menu(account is not None))


async def location_expected(message: Message) -> None:
    await message.answer(
        _("Please press «{button}» below, or «{cancel}».").format(
            button=_(SEND_LOCATION), cancel=_(CANCEL)
        )
    )


async def on_the_map(
    callback: CallbackQuery,
    callback_data: MapCb,
    parent: Account,
    queue: QueueService,
    i18n: I18n,
    bot: Bot,
) -> None:
    choices = await queue.choices(callback_data.app, parent.iin)
    choice = chosen(choices, callback_data.kg, callback_data.lang)
    if choice is None or choice.point is None:
        if callback.message is not None:
            await callback.message.answer(describe(PlaceNoLongerFree()))
        return
    latitude, longitude = choice.point
    await bot.send_venue(
        callback.from_user.id,
        latitude=latitude,
        longitude=longitude,
        title=in_chat_language(i18n, choice.name_kk, choice.name_ru),
        address=in_chat_language(i18n, choice.address_kk, choice.address_ru),
    )
