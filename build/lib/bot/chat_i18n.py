"""The catalogs as aiogram's I18n, for the chat's middleware and handlers."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager

from aiogram.utils.i18n import I18n

from bot.i18n import Catalogs


class ChatI18n(I18n):
    """aiogram's I18n over catalogs compiled once from the `.po` files (no `.mo` build step)."""

    def __init__(self, catalogs: Catalogs) -> None:
        self._catalogs = catalogs
        super().__init__(
            path=catalogs.path, default_locale=catalogs.default_locale, domain=catalogs.domain
        )

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        return dict(self._catalogs.locales)

    @contextmanager
    def context(self) -> Iterator[I18n]:
        # aiogram's gettext looks the instance up under I18n, and a subclass gets a context
        # variable of its own: register under I18n.
        token = I18n.set_current(self)
        try:
            yield self
        finally:
            I18n.reset_current(token)
