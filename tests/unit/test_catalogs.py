"""Both catalogs complete (the parent's-conversation issue, point 8): every message of the code is
translated in kk and ru, nothing fuzzy, the same {placeholders} on both sides; and no
user-facing text in handlers/ bypasses gettext."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "__": None, "ngettext": (1, 2)}
LOCALES = ("kk", "ru")


def catalog(locale: str) -> Catalog:
    with (ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=locale)


def code_messages() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for package in ("bot", "handlers", "services"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else tuple(message))
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_of_the_code_is_translated(locale: str) -> None:
    translated = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog(locale) if m.id}
    missing = code_messages() - translated
    assert missing == set(), (
        f"{locale}: run pybabel update and translate: {sorted(map(str, missing))[:5]}"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_no_untranslated_fuzzy_or_obsolete_entries(locale: str) -> None:
    loaded = catalog(locale)
    assert not loaded.fuzzy, "the catalog header is marked fuzzy"
    problems = []
    for message in loaded:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert problems == []
    assert not loaded.obsolete


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_match(locale: str) -> None:
    mismatched = []
    for message in catalog(locale):
        if not message.id:
            continue
        ids = tuple(message.id) if not isinstance(message.id, str) else (message.id,)
        strings = (
            (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
        )
        expected = set().union(*(fields(text) for text in ids))
        for translation in strings:
            if fields(str(translation)) != expected:
                mismatched.append((message.id, translation))
    assert mismatched == []


def test_russian_plurals_have_three_forms() -> None:
    loaded = catalog("ru")
    assert loaded.num_plurals == 3
    plural = [m for m in loaded if not isinstance(m.id, str)]
    assert plural and all(len(tuple(m.string or ())) == 3 for m in plural)


# --- no user-facing literal strings in handlers/ --------------------------------------------------
SENDERS = {"answer", "edit_text", "send_message", "reply", "answer_document", "answer_photo"}
TEXT_KEYWORDS = {"text", "caption", "description"}
# Words that are the same in every language, by design (GLOSSARY): the language names, and OK.
ALLOWED = {"Қазақша", "Русский", "OK", "◀", "▶"}


def _literal_text(node: ast.expr) -> str | None:
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.search(r"[^\W\d_]{2,}", node.value)
    ):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        ]
        text = "".join(parts)
        return text if re.search(r"[^\W\d_]{2,}", text) else None
    return None


def literal_texts(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        candidates = [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        if name in SENDERS and node.args:
            candidates.append(node.args[0])
        for candidate in candidates:
            text = _literal_text(candidate)
            if text is not None and text not in ALLOWED:
                found.append((node.lineno, text))
    return found


def test_handlers_send_no_literal_text() -> None:
    offenders = [
        f"{path.name}:{line}: {text!r}"
        for path in sorted((ROOT / "handlers").glob("*.py"))
        for line, text in literal_texts(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_literal_check_finds_literals() -> None:
    source = 'await message.answer("Hello there")\nInlineKeyboardButton(text="Back", callback_data="x")\nawait message.answer(_("Fine"))\n'
    assert sorted(literal_texts(source)) == [(1, "Hello there"), (2, "Back")]
