"""The direct protocol's links (EGOV_SIGN.md): API №1 on our own web app, reached by eGov Mobile
through `https://m.egov.kz/mobileSign/?link=…` (a phone) or a `mobileSign:…` QR code (a
computer)."""

from __future__ import annotations

import io
from urllib.parse import quote

from domain.signing import SigningRequestRow
from handlers.options import Presentation

MOBILE_SIGN = "https://m.egov.kz/mobileSign/?link="


def qr_png(text: str) -> bytes:
    import segno  # imported on first use: only signing pays for it

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=3)
    return buffer.getvalue()


class DirectPresenter:
    def __init__(self, public_url: str) -> None:
        self._base = public_url.rstrip("/")

    def api1(self, request_id: str) -> str:
        return f"{self._base}/egov/{request_id}"

    def api2(self, request_id: str) -> str:
        return f"{self._base}/egov/{request_id}/document"

    async def present(self, request: SigningRequestRow) -> Presentation:
        api1 = self.api1(request.id)
        return Presentation(
            url=MOBILE_SIGN + quote(api1, safe=""), qr_png=qr_png(f"mobileSign:{api1}")
        )
