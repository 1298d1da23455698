"""Callback data: short prefixes, ids only (Telegram allows 64 bytes), and a fixed set of values
as an Enum, so a forged value never reaches a handler (aiogram's filter refuses to unpack it).
Whose data it is never comes from here: every service checks the id against the logged-in
parent (R3) or the staffer's role and scope."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from domain.enums import Language


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
    lang: Language | None = None  # None: every language
    district: int = 0  # 0 = every district of the queue
    near: bool = False  # sorted by distance from the location shared in this chat


class NearCb(CallbackData, prefix="nr"):
    """«Жақын маңда / Рядом со мной»: ask for the location, then the list by distance."""

    app: int
    lang: Language | None = None
    district: int = 0


class MapCb(CallbackData, prefix="mp"):
    """«Картада / На карте» on a place card: the kindergarten as a venue."""

    app: int
    kg: int
    lang: Language


class DistrictsCb(CallbackData, prefix="ds"):
    app: int
    lang: Language | None = None


class PlaceCb(CallbackData, prefix="pc"):
    app: int
    kg: int
    lang: Language


class SignCb(CallbackData, prefix="s"):
    """R10: «Қол қою және жіберу» on a place card."""

    app: int
    kg: int
    lang: Language


class Step(StrEnum):
    LOGIN = "login"  # «Кіру»
    SIGN = "sign"  # «Қол қою»
    CANCEL = "cancel"


class ConfirmCb(CallbackData, prefix="k"):
    """A yes to the step the conversation is at (login, signing); the step itself is in the
    conversation state, never in the button."""

    step: Step


class ExtendCb(CallbackData, prefix="x"):
    app: int
    days: int


class ExtendConfirmCb(CallbackData, prefix="X"):
    app: int
    days: int


class PdfCb(CallbackData, prefix="f"):
    referral: int


class LanguageCb(CallbackData, prefix="l"):
    code: Language


class MenuItem(StrEnum):
    JOURNAL = "journal"
    ATTACH = "attach"  # R3 merge
    LANGUAGE = "language"
    LOGOUT = "logout"
    ALERTS = "alerts"  # R8's free-choice places
    CANCEL = "cancel"


class MenuCb(CallbackData, prefix="m"):
    item: MenuItem


class EgovAction(StrEnum):
    CANCEL = "c"
    RENEW = "n"  # a new link for an expired one
    KEY_FILE = "k"  # the key-file path instead


class EgovCb(CallbackData, prefix="eg"):
    """A signing request's message. The id is the request's random id; the service checks that
    it belongs to the chat that pressed."""

    action: EgovAction
    request: str


# --- staff and administrators ------------------------------------------------------------------
class PublishStep(StrEnum):
    PAGE = "page"
    KINDERGARTEN = "kg"
    YEAR = "year"
    LANGUAGE = "lang"
    PUBLISH = "ok"
    CANCEL = "cancel"


class PublishCb(CallbackData, prefix="pw"):
    """A step of publishing places; the choices made so far are in the conversation state."""

    step: PublishStep
    value: int = 0  # the page, kindergarten id or group year
    lang: Language | None = None


class AdminAction(StrEnum):
    OPEN = "open"
    TRAIL = "trail"
    LIFT = "lift"  # R12: lift the stop-list
    RESTORE = "restore"  # R13: back to the queue


class AdminAppCb(CallbackData, prefix="aa"):
    action: AdminAction
    id: int


class BroadcastCb(CallbackData, prefix="bc"):
    send: bool


class ArrivalCb(CallbackData, prefix="ar"):
    """A kindergarten's staff record the arrival under a scanned QR code's verification."""

    referral: int


class AlertAction(StrEnum):
    OPEN = "o"
    EVERY = "e"  # every kindergarten of the pool
    OFF = "x"
    CHOOSE = "c"  # a page of the pool's kindergartens
    TOGGLE = "t"


class AlertCb(CallbackData, prefix="al"):
    """Settings → free-choice alerts of one application (services/alerts.py)."""

    action: AlertAction
    app: int
    kg: int = 0
    page: int = 0
