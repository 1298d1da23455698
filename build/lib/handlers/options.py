"""How this deployment signs, as the chat needs to know it (from the settings, in bot/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from domain.signing import SigningRequestRow


@dataclass(frozen=True, slots=True)
class Presentation:
    """How a parent reaches a signing request: the link a phone opens (a URL button), and the
    QR code eGov Mobile scans on a computer (a PNG)."""

    url: str
    qr_png: bytes


class Presenter(Protocol):
    """eGov Mobile's way to a request: our own API №1 ("direct"), or SIGEX's ("relay")."""

    async def present(self, request: SigningRequestRow) -> Presentation: ...


@dataclass(frozen=True, slots=True)
class ChatOptions:
    """`egov`: the presenter when eGov Mobile signing is on; `key_files`: key files and their
    passwords are accepted in the chat (the fallback)."""

    egov: Presenter | None = None
    key_files: bool = True
