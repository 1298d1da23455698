"""Settings → free-choice alerts (R8; services/alerts.py): which waiting application, then
every kindergarten of its queue, up to 5 chosen ones, or off."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import AlertAction, AlertCb, MenuCb, MenuItem
from handlers.inline import show
from handlers.keyboards.alerts import (
    alert_state,
    applications_keyboard,
    choose_keyboard,
    setting_keyboard,
)
from handlers.session import LoggedIn
from services.accounts import Account
from services.alerts import MAX_CHOSEN, AlertService, AlertSetting


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        applications, MenuCb.filter(F.item == MenuItem.ALERTS), LoggedIn()
    )
    router.callback_query.register(alert, AlertCb.filter(), LoggedIn())
    return router


async def applications(callback: CallbackQuery, parent: Account, alerts: AlertService) -> None:
    waiting = await alerts.applications(parent.iin)
    if not waiting:
        await show(callback, _("None of your applications waits in the queue now."))
        return
    text = _(
        "When a place of your queue and group year passes into free choice (3 working days after "
        "it was offered and not taken), we tell you at once; it goes to whoever takes it first. "
        "Choose the application."
    )
    await show(callback, text, applications_keyboard(waiting))


def setting_text(setting: AlertSetting) -> str:
    return _("Free-place alerts for application No. {number}: {state}.").format(
        number=setting.number, state=alert_state(setting)
    )


async def alert(
    callback: CallbackQuery,
    callback_data: AlertCb,
    parent: Account,
    alerts: AlertService,
    i18n: I18n,
) -> None:
    app, action = callback_data.app, callback_data.action
    if action is AlertAction.EVERY:
        setting = await alerts.every_kindergarten(parent.iin, app)
    elif action is AlertAction.OFF:
        setting = await alerts.off(parent.iin, app)
    elif action is AlertAction.TOGGLE:
        setting = await alerts.toggle(parent.iin, app, callback_data.kg)
    else:
        setting = await alerts.setting(parent.iin, app)
    if action in (AlertAction.CHOOSE, AlertAction.TOGGLE):
        text = (
            setting_text(setting)
            + "\n"
            + _("Tap a kindergarten to add or remove it (up to {maximum}).").format(
                maximum=MAX_CHOSEN
            )
        )
        await show(callback, text, choose_keyboard(setting, callback_data.page, i18n))
        return
    await show(callback, setting_text(setting), setting_keyboard(setting))
