"""SIGEX's relay (EGOV_SIGN.md, "Relay"), played on 127.0.0.1: it registers a request, takes the
documents at `dataURL` (the first try answers 503, as a busy server would: the bot must try
again), and answers `signURL` once the test, playing the phone, has signed or declined."""

from __future__ import annotations

import asyncio
import base64
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16).decode()


@dataclass
class Registration:
    description: str
    documents: list[dict[str, Any]] = field(default_factory=list)
    answer: dict[str, Any] | None = None
    answered: asyncio.Event = field(default_factory=asyncio.Event)
    data_tries: int = 0


class FakeSigex:
    def __init__(self) -> None:
        self.base = ""
        self.registrations: dict[str, Registration] = {}
        self._ids = itertools.count(1)
        self.documents_arrived = asyncio.Event()

    def application(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/egovQr", self._register)
        app.router.add_post("/api/egovQr/{id}/data", self._data)
        app.router.add_get("/api/egovQr/{id}/sign", self._sign)
        return app

    async def _register(self, request: web.Request) -> web.Response:
        body = await request.json()
        key = str(next(self._ids))
        self.registrations[key] = Registration(str(body.get("description", "")))
        return web.json_response(
            {
                "expireAt": int((time.time() + 120) * 1000),
                "qrCode": PNG,
                "eGovMobileLaunchLink": f"https://m.egov.kz/mobileSign/?link=relay-{key}",
                "eGovBusinessLaunchLink": f"https://m.egov.kz/businessSign/?link=relay-{key}",
                "dataURL": f"{self.base}/api/egovQr/{key}/data",
                "signURL": f"{self.base}/api/egovQr/{key}/sign",
            }
        )

    async def _data(self, request: web.Request) -> web.Response:
        registration = self.registrations[request.match_info["id"]]
        registration.data_tries += 1
        if registration.data_tries == 1:
            return web.json_response({"message": "busy"}, status=503)
        registration.documents = (await request.json())["documentsToSign"]
        self.documents_arrived.set()
        return web.json_response({})

    async def _sign(self, request: web.Request) -> web.Response:
        registration = self.registrations[request.match_info["id"]]
        await registration.answered.wait()
        return web.json_response(registration.answer)

    # --- what the test does, as the phone -----------------------------------------------------
    async def data(self, key: str) -> bytes:
        await self.documents_arrived.wait()
        file = self.registrations[key].documents[0]["document"]["file"]
        return base64.b64decode(file["data"])

    def signs(self, key: str, signature: bytes) -> None:
        registration = self.registrations[key]
        document = dict(registration.documents[0])
        document["document"] = {"file": {"data": base64.b64encode(signature).decode()}}
        registration.answer = {"documentsToSign": [document]}
        registration.answered.set()
