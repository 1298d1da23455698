"""Words that services render outside a chat (documents): translated through an injected
Translator, in an explicit language."""

from __future__ import annotations

from typing import Any, Protocol


class Translator(Protocol):
    def translate(self, locale: str, message: str, **params: Any) -> str: ...


def N_(message: str) -> str:
    """Marks a message for extraction (pybabel -k N_); the Translator translates it."""
    return message
