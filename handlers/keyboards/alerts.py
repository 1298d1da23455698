"""Settings → «Еркін орындар туралы хабарлау / Сообщать о свободных местах»: the waiting
applications, one application's alerts, a page of its pool's kindergartens to choose from."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.callbacks import AlertAction, AlertCb
from handlers.texts import in_chat_language
from services.alerts import MAX_CHOSEN, AlertSetting

PAGE = 8


def alert_state(setting: AlertSetting) -> str:
    if setting.chosen is None:
        return _("off")
    if not setting.chosen:
        return _("every kindergarten of the queue")
    return _("chosen kindergartens: {count}").format(count=len(setting.chosen))


def applications_keyboard(settings: list[AlertSetting]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for setting in settings:
        builder.button(
            text=_("No. {number} · {state}").format(
                number=setting.number, state=alert_state(setting)
            ),
            callback_data=AlertCb(action=AlertAction.OPEN, app=setting.application_id),
        )
    builder.adjust(1)
    return builder.as_markup()


def setting_keyboard(setting: AlertSetting) -> InlineKeyboardMarkup:
    app = setting.application_id
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("Every kindergarten of the queue"),
        callback_data=AlertCb(action=AlertAction.EVERY, app=app),
    )
    builder.button(
        text=_("Choose kindergartens (up to {maximum})").format(maximum=MAX_CHOSEN),
        callback_data=AlertCb(action=AlertAction.CHOOSE, app=app),
    )
    if setting.chosen is not None:
        builder.button(text=_("Switch off"), callback_data=AlertCb(action=AlertAction.OFF, app=app))
    builder.adjust(1)
    return builder.as_markup()


def choose_keyboard(setting: AlertSetting, page: int, i18n: I18n) -> InlineKeyboardMarkup:
    app, chosen = setting.application_id, setting.chosen or []
    pages = max(1, -(-len(setting.kindergartens) // PAGE))
    page = min(max(page, 0), pages - 1)
    builder = InlineKeyboardBuilder()
    shown = setting.kindergartens[page * PAGE : (page + 1) * PAGE]
    for kindergarten in shown:
        name = in_chat_language(i18n, kindergarten.name_kk, kindergarten.name_ru)
        builder.button(
            text=f"✓ {name}" if kindergarten.id in chosen else name,
            callback_data=AlertCb(
                action=AlertAction.TOGGLE, app=app, kg=kindergarten.id, page=page
            ),
        )
    sizes = [1] * len(shown)
    navigation = [p for p in (page - 1, page + 1) if 0 <= p < pages]
    for target in navigation:
        builder.button(
            text="◀" if target < page else "▶",
            callback_data=AlertCb(action=AlertAction.CHOOSE, app=app, page=target),
        )
    if navigation:
        sizes.append(len(navigation))
    builder.button(text=_("Back"), callback_data=AlertCb(action=AlertAction.OPEN, app=app))
    builder.adjust(*sizes, 1)
    return builder.as_markup()
