"""Callback data: short prefixes, ids only (Telegram allows 64 bytes). Whose data it is never
comes from here: every handler checks the id against the logged-in parent."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class AppAction(StrEnum):
    OPEN = "o"
    CHOOSE = "c"  # R5/R7: the notice before the list
    DOCUMENTS = "d"  # R11
    REVOKE = "r"  # R15: asks to confirm
    REVOKE_CONFIRMED = "R"
    EXTEND = "e"  # R14: asks for the days


class AppCb(CallbackData, prefix="a"):
    action: AppAction
    id: int


class PlacesCb(CallbackData, prefix="p"):
    """R9: a page of the free places, with its language and district filters."""

    app: int
    page: int = 0
    lang: str = ""  # "" = every language, or "kk" / "ru"
    district: int = 0  # 0 = every district of the queue


class DistrictsCb(CallbackData, prefix="ds"):
    app: int
    lang: str = ""


class PlaceCb(CallbackData, prefix="pc"):
    app: int
    kg: int
    lang: str


class SignCb(CallbackData, prefix="s"):
    """R10: «Қол қою және жіберу» on a place card."""

    app: int
    kg: int
    lang: str


class ConfirmCb(CallbackData, prefix="k"):
    """A yes to the step the conversation is at (login, signing); the step itself is in the
    conversation state, never in the button."""

    step: str


class ExtendCb(CallbackData, prefix="x"):
    app: int
    days: int


class ExtendConfirmCb(CallbackData, prefix="X"):
    app: int
    days: int


class PdfCb(CallbackData, prefix="f"):
    referral: int


class LanguageCb(CallbackData, prefix="l"):
    code: str


class MenuCb(CallbackData, prefix="m"):
    item: str  # "journal", "attach", "login", "logout", "language", "cancel", "documents"


# --- staff and administrators ------------------------------------------------------------------
class PublishCb(CallbackData, prefix="pw"):
    """A step of publishing places; the choices made so far are in the conversation state."""

    step: str  # "page", "kg", "year", "lang", "ok", "cancel"
    value: int = 0  # the page, kindergarten id or group year
    lang: str = ""


class AdminAppCb(CallbackData, prefix="aa"):
    action: str  # "open", "trail", "lift", "restore"
    id: int


class BroadcastCb(CallbackData, prefix="bc"):
    send: bool


class ArrivalCb(CallbackData, prefix="ar"):
    """A kindergarten's staff record the arrival under a scanned QR code's verification."""

    referral: int
