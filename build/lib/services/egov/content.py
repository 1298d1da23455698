"""What eGov Mobile shows and signs: the bytes of a login challenge (R1) or of the referral
request (R10), and the document card the app shows — names in three languages and a few lines of
meta a parent understands. No codes, no IINs in full."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.signing import SigningPurpose, SigningRequestRow
from services.clock import to_almaty
from services.texts import N_, Translator

LANGUAGES = ("kk", "ru")
NAMES = {
    SigningPurpose.LOGIN: N_("Log in to the kindergarten referral bot"),
    SigningPurpose.REFERRAL: N_("Request for a referral to a kindergarten"),
}
DESCRIPTIONS = {
    SigningPurpose.LOGIN: N_("Log in to {bot} with your EDS"),
    SigningPurpose.REFERRAL: N_("Referral to a kindergarten, application No. {number}"),
}
META = {
    "number": N_("Application number"),
    "child": N_("Child"),
    "kindergarten": N_("Kindergarten"),
    "group": N_("Group year"),
    "language": N_("Language of instruction"),
    "bot": N_("Service"),
    "time": N_("Time"),
}
LANGUAGE_NAMES = {"kk": N_("Kazakh"), "ru": N_("Russian")}


@dataclass(frozen=True, slots=True)
class SigningDocument:
    """One document of API №2: its names, its meta in the reader's language, its bytes."""

    names: dict[str, str]  # "kk", "ru", "en"
    meta: list[tuple[str, str]]
    data: bytes
    description: str


def login_challenge(bot: str, at: datetime) -> bytes:
    """R1's proof: a fresh challenge naming the bot and the moment, signed in the app."""
    document = {
        "type": "kindergarten-login",
        "version": 1,
        "bot": bot,
        "nonce": secrets.token_urlsafe(16),
        "requested_at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def reader_language(request: SigningRequestRow, accept_language: str | None) -> str:
    """The request's own language, unless the app asks for the other one."""
    asked = (accept_language or "").lower()
    for locale in LANGUAGES:
        if asked.startswith(locale):
            return locale
    return request.locale if request.locale in LANGUAGES else LANGUAGES[0]


def document_of(request: SigningRequestRow, locale: str, t: Translator) -> SigningDocument:
    purpose = request.purpose
    names = {language: t.translate(language, NAMES[purpose]) for language in LANGUAGES}
    names["en"] = NAMES[purpose]
    details = request.details
    if purpose is SigningPurpose.LOGIN:
        rows = [("bot", f"@{details['bot']}"), ("time", _moment(request.created_at))]
        description = t.translate(locale, DESCRIPTIONS[purpose], bot=f"@{details['bot']}")
    else:
        k = LANGUAGES.index(locale)
        rows = [
            ("number", str(details["number"])),
            ("child", str(details["child"]) or "—"),
            ("kindergarten", str(details["kindergarten"][k])),
            ("group", str(details["group_year"])),
            ("language", t.translate(locale, LANGUAGE_NAMES[str(details["language"])])),
        ]
        description = t.translate(locale, DESCRIPTIONS[purpose], number=details["number"])
    meta = [(t.translate(locale, META[key]), value) for key, value in rows]
    return SigningDocument(names, meta, request.content, description)


def _moment(value: datetime) -> str:
    return to_almaty(value).strftime("%d.%m.%Y %H:%M")
