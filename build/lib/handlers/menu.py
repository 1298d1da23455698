"""The main menu: the portal's own words (GLOSSARY), recognised in either language."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import KeyboardButton, Message, ReplyKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from services.texts import N_

LOG_IN = N_("Log in")
JOURNAL = N_("Journal of applications")
DOCUMENTS = N_("Common documents")
SETTINGS = N_("Settings")
HELP = N_("Help")

# The command menu everyone sees (setMyCommands); staff see theirs on top, in their own chat.
COMMANDS = {
    "start": N_("Main menu"),
    "login": N_("Log in with the EDS key"),
    "help": N_("How the queue and the deadlines work"),
    "language": N_("Language"),
    "cancel": N_("Cancel the current step"),
}


class MenuButton(Filter):
    """A reply-keyboard button, in whichever language the chat showed it."""

    def __init__(self, label: str) -> None:
        self._label = label

    async def __call__(self, message: Message, i18n: I18n) -> bool:
        text = message.text
        if not text:
            return False
        return any(
            text == i18n.gettext(self._label, locale=locale) for locale in i18n.available_locales
        )


def main_menu(logged_in: bool) -> ReplyKeyboardMarkup:
    if logged_in:
        rows = [[KeyboardButton(text=_(JOURNAL)), KeyboardButton(text=_(DOCUMENTS))]]
    else:
        rows = [[KeyboardButton(text=_(LOG_IN))]]
    rows.append([KeyboardButton(text=_(SETTINGS)), KeyboardButton(text=_(HELP))])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)
