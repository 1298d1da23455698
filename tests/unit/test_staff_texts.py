"""The chat explains every import problem the ops CLI knows, with the same values."""

from __future__ import annotations

import string

import pytest
from aiogram.utils.i18n import gettext as _

from bot.chat_i18n import ChatI18n
from bot.i18n import Catalogs
from services.imports.problems import MESSAGES


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_every_import_problem_has_a_chat_sentence_with_the_same_placeholders(locale: str) -> None:
    catalogs = ChatI18n(Catalogs())
    with catalogs.context(), catalogs.use_locale(locale):
        for code, english in MESSAGES.items():
            translated = _(english)
            assert translated != english, code
            assert _fields(translated) == _fields(english), code
