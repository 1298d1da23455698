"""Translations: the gettext catalogs of `locales/` (kk, ru), compiled in memory at start-up from
the `.po` files, so a clean clone needs no build step and a catalog can never be stale."""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from aiogram.utils.i18n import I18n
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = ("kk", "ru")
DEFAULT_LOCALE = "kk"
DOMAIN = "messages"


def locales_path() -> Path:
    return Path(str(files("locales")))


def compile_catalog(po_file: Path) -> gettext.GNUTranslations:
    with po_file.open("rb") as source:
        catalog = read_po(source, locale=po_file.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Catalogs(I18n):
    """aiogram's I18n, reading the `.po` files instead of compiled `.mo` files."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path=path or locales_path(), default_locale=DEFAULT_LOCALE, domain=DOMAIN)

    @contextmanager
    def context(self) -> Iterator[I18n]:
        # aiogram's gettext looks the instance up under I18n, and a subclass gets a context
        # variable of its own: register under I18n.
        token = I18n.set_current(self)
        try:
            yield self
        finally:
            I18n.reset_current(token)

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        found = {}
        for locale in LOCALES:
            po_file = self.path / locale / "LC_MESSAGES" / f"{self.domain}.po"
            if not po_file.exists():
                raise RuntimeError(f"the {locale} catalog is missing: {po_file}")
            found[locale] = compile_catalog(po_file)
        return found

    def translate(self, locale: str, message: str, **params: Any) -> str:
        """For code outside a chat update (documents, notifications): an explicit locale."""
        text = self.gettext(message, locale=locale)
        return text.format(**params) if params else text

    def translate_plural(
        self, locale: str, singular: str, plural: str, n: int, **params: Any
    ) -> str:
        return self.gettext(singular, plural, n, locale=locale).format(n=n, **params)
