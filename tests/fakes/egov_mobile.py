"""eGov Mobile for the tests: the playground's phone (bot/playground/phone.py), which a test drives
by the link of the chat's button, plus what only a test does: a GOST 2015 signature this service
cannot verify."""

from __future__ import annotations

from typing import Any

from asn1crypto import cms as asn1_cms

from bot.playground.phone import Answer, EgovPhone, Key, Visit, api1_url, cms

GOST_2015_DIGEST = "1.2.643.7.1.1.2.3"  # Streebog-512
GOST_2015_SIGNATURE = "1.2.643.7.1.1.1.2"  # GOST R 34.10-2015, 512 bits

__all__ = ["Answer", "EgovMobile", "Key", "Visit", "api1_url", "as_gost_2015", "cms"]


def as_gost_2015(signature: bytes) -> bytes:
    """The same CMS claiming GOST 2015's algorithms: what an app with a GOST key would send, and
    what this service cannot verify."""
    info = asn1_cms.ContentInfo.load(signature)
    signed = info["content"]
    signer = signed["signer_infos"][0]
    signer["digest_algorithm"] = {"algorithm": GOST_2015_DIGEST}
    signer["signature_algorithm"] = {"algorithm": GOST_2015_SIGNATURE}
    signed["digest_algorithms"] = [{"algorithm": GOST_2015_DIGEST}]
    dumped: bytes = info.dump(force=True)
    return dumped


class EgovMobile:
    def __init__(self, language: str = "ru") -> None:
        self.phone = EgovPhone(language)

    async def first_look(self, button_url: str) -> Answer:
        """API №1 alone: what the app learns before anything else (404, 410 …)."""
        opened = await self.phone.open(button_url)
        return opened if isinstance(opened, Answer) else Answer(200, opened.api1)

    async def visit(self, button_url: str) -> Visit:
        opened = await self.phone.open(button_url)
        assert isinstance(opened, Visit), opened
        return opened

    async def put(self, uri: str, token: str, body: bytes | dict[str, Any]) -> Answer:
        return await self.phone.put(uri, token, body)

    async def send_signature(
        self, visit: Visit, signature: bytes, token: str | None = None
    ) -> Answer:
        return await self.phone.send_signature(visit, signature, token)

    async def sign(self, button_url: str, key: Key) -> Answer:
        """What a person does: opens the link, reads, confirms with their key."""
        return await self.phone.sign(await self.visit(button_url), key)

    async def decline(self, button_url: str) -> Answer:
        return await self.phone.decline(await self.visit(button_url))
