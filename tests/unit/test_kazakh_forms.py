"""The Kazakh catalog's forms (GLOSSARY, "How the bot speaks"), checked on every message.

A case suffix glued to a placeholder («{maximum}-ге», «{n}-ден») cannot agree with every value
the placeholder takes: Kazakh suffixes follow the last vowel and consonant of the word («30-ға»,
«5-ке», «1-ден»), and a number or a name is not known when the text is written. The sentence is
built around the value instead («1–{maximum} күн», «{date} дейін»)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

CATALOGS = Path(__file__).resolve().parents[2] / "locales"

# Case endings, plural and possessive suffixes, ordinals: every alternant of each.
SUFFIXES = (
    *("ға", "ге", "қа", "ке", "на", "не", "а", "е"),  # dative
    *("ны", "ні", "ды", "ді", "ты", "ті", "н"),  # accusative
    *("ның", "нің", "дың", "дің", "тың", "тің"),  # genitive
    *("да", "де", "та", "те", "нда", "нде"),  # locative
    *("дан", "ден", "тан", "тен", "нан", "нен"),  # ablative
    *("мен", "бен", "пен"),  # instrumental
    *("лар", "лер", "дар", "дер", "тар", "тер"),  # plural
    *("сы", "сі", "ы", "і"),  # possessive
    *("ншы", "нші", "шы", "ші", "ыншы", "інші"),  # ordinal
)
GLUED = re.compile(
    r"\{\w+\}-?(" + "|".join(sorted(SUFFIXES, key=len, reverse=True)) + r")(?![а-яәғқңөұүһі])",
    re.IGNORECASE,
)
LOWERCASE_YOU = re.compile(r"(?<![а-яәғқңөұүһіА-ЯӘҒҚҢӨҰҮҺІ])сіз")


def glued_suffixes(text: str) -> list[str]:
    return [match.group(0) for match in GLUED.finditer(text)]


def translations(locale: str) -> list[str]:
    with (CATALOGS / locale / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale=locale)
    found: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found.extend(str(text) for text in strings)
    return found


def test_no_case_suffix_is_glued_to_a_placeholder() -> None:
    offending = [text for text in translations("kk") if glued_suffixes(text)]
    assert offending == []


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_number_sign_is_followed_by_a_space(locale: str) -> None:
    assert [text for text in translations(locale) if "№{" in text] == []


def test_the_formal_you_is_capitalised_and_the_words_are_the_portals() -> None:
    kk = translations("kk")
    assert [text for text in kk if LOWERCASE_YOU.search(text)] == []
    forbidden = ("команда", "туған жыл", "Тоқтатылды", "жолдама жойыл", "ЭЦҚ қолтаңбасы")
    assert [(word, text) for text in kk for word in forbidden if word in text.lower()] == []


def test_the_checker_finds_a_glued_suffix() -> None:
    assert glued_suffixes("1-ден {maximum}-ге дейін") == ["{maximum}-ге"]
    assert glued_suffixes("{line}-жол, {pages} беттің {page}-беті") == []
    assert glued_suffixes("{count}-ны және {name}ның") == ["{count}-ны", "{name}ның"]
    assert LOWERCASE_YOU.search("Әкімші сізге рөл береді") is not None
    assert LOWERCASE_YOU.search("Сізге рөл береді") is None
