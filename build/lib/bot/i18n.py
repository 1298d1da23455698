"""Translations: the gettext catalogs of `locales/` (kk, ru), compiled in memory at start-up from
the `.po` files, so a clean clone needs no build step and a catalog can never be stale."""

from __future__ import annotations

import gettext
import io
from importlib.resources import files
from pathlib import Path
from typing import Any

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


class Catalogs:
    """The catalogs of `locales/`, for documents and notifications and, through `ChatI18n`
    (bot/chat_i18n.py), for the chat. No aiogram here: the worker and the CLI do without it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or locales_path()
        self.domain = DOMAIN
        self.default_locale = DEFAULT_LOCALE
        self.locales = self._load()

    @property
    def available_locales(self) -> tuple[str, ...]:
        return tuple(self.locales)

    def _load(self) -> dict[str, gettext.GNUTranslations]:
        found = {}
        for locale in LOCALES:
            po_file = self.path / locale / "LC_MESSAGES" / f"{self.domain}.po"
            if not po_file.exists():
                raise RuntimeError(f"the {locale} catalog is missing: {po_file}")
            found[locale] = compile_catalog(po_file)
        return found

    def _catalog(self, locale: str) -> gettext.NullTranslations:
        return self.locales.get(locale) or gettext.NullTranslations()

    def translate(self, locale: str, message: str, **params: Any) -> str:
        """For code outside a chat update (documents, notifications): an explicit locale."""
        text = self._catalog(locale).gettext(message)
        return text.format(**params) if params else text

    def translate_plural(
        self, locale: str, singular: str, plural: str, n: int, **params: Any
    ) -> str:
        return self._catalog(locale).ngettext(singular, plural, n).format(n=n, **params)
