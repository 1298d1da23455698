"""eGov Mobile's API №1 and API №2 (EGOV_SIGN.md, "Direct protocol") on the bot's web app:

    GET  /egov/{id}            API №1: organisation, description, API №2's URI and a token
    GET  /egov/{id}/document   API №2: the document to sign (CMS_WITH_DATA)
    PUT  /egov/{id}/document   API №2: the signed document, or {"status": "CANCELED"}

Liberal in what the app sends, strict in what is verified (services/egov). A refusal the person
should read comes as 403 with {"message": …} in the app's language; a wrong token is 401; an
unknown request 404; a used, cancelled or expired one 410. Nothing is logged of the body, the
CMS or the token."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from aiogram.utils.i18n import I18n
from aiohttp import web

from bot.egov.chat import EgovChat
from bot.egov.direct import DirectPresenter
from bot.egov.protocol import SIGN_METHOD, declined, documents_to_sign, signature_of
from handlers.refusals import describe
from services.clock import to_almaty
from services.egov import EgovReceiver, NotIssued, Outcome, Refused
from services.egov.content import LANGUAGES
from services.egov.errors import SigningRequestClosed, SigningRequestUnknown, WrongSigningToken
from services.errors import DomainError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Organisation:
    """What the app shows as the requesting organisation (ORG_NAME_*, ORG_BIN)."""

    name_kk: str
    name_ru: str
    name_en: str
    bin: str

    def json(self) -> dict[str, str]:
        return {
            "nameKz": self.name_kk,
            "nameRu": self.name_ru,
            "nameEn": self.name_en,
            "bin": self.bin,
        }


def _language(request: web.Request) -> str:
    asked = request.headers.get("Accept-Language", "").lower()
    return next((locale for locale in LANGUAGES if asked.startswith(locale)), "ru")


def _bearer(request: web.Request) -> str:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else ""


class EgovApi:
    def __init__(
        self,
        egov: EgovReceiver,
        chat: EgovChat,
        links: DirectPresenter,
        organisation: Organisation,
        i18n: I18n,
    ) -> None:
        self._egov = egov
        self._chat = chat
        self._links = links
        self._organisation = organisation
        self._i18n = i18n

    def install(self, app: web.Application) -> None:
        app.router.add_get("/egov/{request_id}", self.api1)
        app.router.add_get("/egov/{request_id}/document", self.documents)
        app.router.add_put("/egov/{request_id}/document", self.signed)

    def _refusal(self, request: web.Request, error: DomainError) -> web.Response:
        status = 403
        if isinstance(error, SigningRequestUnknown):
            status = 404
        elif isinstance(error, SigningRequestClosed):
            status = 410
        elif isinstance(error, WrongSigningToken):
            status = 401
        with self._i18n.context(), self._i18n.use_locale(_language(request)):
            message = describe(error)
        return web.json_response({"message": message}, status=status)

    async def api1(self, request: web.Request) -> web.Response:
        request_id = request.match_info["request_id"]
        try:
            handout = await self._egov.hand_out(request_id, request.headers.get("Accept-Language"))
        except DomainError as error:
            return self._refusal(request, error)
        expiry = to_almaty(handout.request.expires_at).isoformat(timespec="milliseconds")
        return web.json_response(
            {
                "description": handout.document.description,
                "expiry_date": expiry,
                "organisation": self._organisation.json(),
                "document": {
                    "uri": self._links.api2(request_id),
                    "auth_type": "Token",
                    "auth_token": handout.token,
                },
            }
        )

    async def documents(self, request: web.Request) -> web.Response:
        try:
            _row, document = await self._egov.document(
                request.match_info["request_id"],
                _bearer(request),
                request.headers.get("Accept-Language"),
            )
        except DomainError as error:
            return self._refusal(request, error)
        return web.json_response(
            {
                "signMethod": SIGN_METHOD,
                "version": 1,
                "documentsToSign": documents_to_sign(document),
            }
        )

    async def signed(self, request: web.Request) -> web.Response:
        body = await _body(request)
        no = declined(body)
        try:
            outcome = await self._egov.submit(
                request.match_info["request_id"],
                _bearer(request),
                None if no else signature_of(body),
                declined=no,
            )
        except DomainError as error:
            return self._refusal(request, error)
        self._chat.tell_soon(outcome)
        return self._answer(request, outcome)

    def _answer(self, request: web.Request, outcome: Outcome) -> web.Response:
        """200 for a signature taken (or a "no" heard); 403 with why for one refused, or for a
        referral that could not be issued after all (the place went meanwhile)."""
        if isinstance(outcome, Refused | NotIssued):
            return self._refusal(request, outcome.reason)
        return web.json_response({"message": "OK"})


async def _body(request: web.Request) -> dict[str, Any]:
    """The PUT's JSON; anything else is an empty body (refused as "no signature")."""
    try:
        body = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}
