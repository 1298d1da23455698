"""eGov Mobile through the SIGEX relay (EGOV_SIGN.md, "Relay"): for a service whose own domain
eGov Mobile does not yet allow. SIGEX's domain is allowed, and it carries the document to the
app and the signature back; it sees what is signed (a login challenge, a referral request) and
the signature, never a key or a password.

For each request: register at `{base}/api/egovQr` (the chat's button and QR come from its
answer), then in the background POST the documents to `dataURL` and wait on `signURL`, retrying
network and server errors, until `expireAt`. The signature is verified as any other
(services/egov). A relay's link works once: a refused signature closes the request, and the chat
offers a new link."""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from typing import Any

import aiohttp

from bot.egov.chat import EgovChat
from bot.egov.protocol import SIGN_METHOD, declined, documents_to_sign, signature_of
from domain.signing import SigningRequestRow
from handlers.options import Presentation
from services.egov import EgovReceiver, EgovRequests, Refused
from services.egov.errors import SigningRequestClosed
from services.errors import DomainError

log = logging.getLogger(__name__)

RETRY_PAUSE = 2.0  # seconds between tries after a network or server error
POLL_TIMEOUT = 60.0  # one long poll of signURL


class RelayUnavailable(DomainError):
    """SIGEX did not register the request (down, or it refused it)."""

    code = "relay_unavailable"


class SigexRelay:
    def __init__(
        self,
        base_url: str,
        receiver: EgovReceiver,
        requests: EgovRequests,
        chat: EgovChat,
        *,
        retry_pause: float = RETRY_PAUSE,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._receiver = receiver
        self._requests = requests
        self._chat = chat
        self._retry_pause = retry_pause
        self._tasks: set[asyncio.Task[None]] = set()

    async def present(self, request: SigningRequestRow) -> Presentation:
        _row, document = await self._receiver.relayed_document(request.id)
        try:
            async with aiohttp.ClientSession() as http:
                registered = await _json(
                    http.post(
                        f"{self._base}/api/egovQr", json={"description": document.description}
                    )
                )
            link, qr = registered["eGovMobileLaunchLink"], registered["qrCode"]
            data_url, sign_url = registered["dataURL"], registered["signURL"]
        except (aiohttp.ClientError, TimeoutError, KeyError, TypeError, ValueError):
            raise RelayUnavailable() from None
        expire_at = float(registered.get("expireAt") or 0) / 1000 or time.time() + 300
        task = asyncio.create_task(
            self._follow(request, data_url, sign_url, documents_to_sign(document), expire_at)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return Presentation(url=str(link), qr_png=base64.b64decode(str(qr)))

    async def settled(self) -> None:
        """Every request it follows has ended (tests; a graceful stop waits for none)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _follow(
        self,
        request: SigningRequestRow,
        data_url: str,
        sign_url: str,
        documents: list[dict[str, Any]],
        expire_at: float,
    ) -> None:
        body = {"signMethod": SIGN_METHOD, "documentsToSign": documents}
        signed = None
        async with aiohttp.ClientSession() as http:
            sent = await self._until_answered(lambda: http.post(data_url, json=body), expire_at)
            if sent is not None and not _refusal(sent):
                poll = aiohttp.ClientTimeout(total=POLL_TIMEOUT)
                signed = await self._until_answered(
                    lambda: http.get(sign_url, timeout=poll), expire_at
                )
        await self._settle(request, signed)

    async def _until_answered(self, call: Any, expire_at: float) -> dict[str, Any] | None:
        """The answer's JSON; network and server errors are tried again until `expire_at`."""
        while time.time() < expire_at:
            try:
                return await _json(call())
            except (aiohttp.ClientError, TimeoutError, ValueError) as error:
                log.info("the relay did not answer (%s); trying again", type(error).__name__)
            await asyncio.sleep(self._retry_pause)
        return None

    async def _settle(self, request: SigningRequestRow, signed: dict[str, Any] | None) -> None:
        if signed is None or (_refusal(signed) and not declined(signed)):
            await self._requests.give_up(request.id, "relay_gave_up")
            await self._chat.expired([request])
            return
        try:
            outcome = await self._receiver.submit_relayed(
                request.id, signature_of(signed), declined=declined(signed)
            )
        except SigningRequestClosed:  # cancelled in the chat meanwhile
            return
        if isinstance(outcome, Refused):  # a relay's link is spent: a new one is needed
            await self._requests.give_up(request.id, outcome.reason.code)
            await self._chat.tell(outcome, same_link=False)
            return
        await self._chat.tell(outcome)


def _refusal(answer: dict[str, Any]) -> bool:
    """SIGEX's `{"message": …}`: it will not go on with this request."""
    return "documentsToSign" not in answer and "message" in answer


async def _json(call: Any) -> dict[str, Any]:
    async with call as response:
        if response.status >= 500:
            raise aiohttp.ClientResponseError(
                response.request_info, (), status=response.status, message="server error"
            )
        answer = await response.json(content_type=None)
    if not isinstance(answer, dict):
        raise ValueError("not a JSON object")
    return answer
