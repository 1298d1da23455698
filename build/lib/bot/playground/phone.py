"""eGov Mobile, as the playground's panel plays it: it follows the link the bot sent to API №1,
fetches the document from API №2 with the token, shows what the app would show, and after the
person confirms signs the data with their demo key (CMS with the data inside, as the app sends
it) and PUTs it back. Over real HTTP, against the bot's own web app (EGOV_SIGN.md)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12

MOBILE_SIGN = ("https", "m.egov.kz", "/mobileSign/")


class NotASigningLink(ValueError):
    """The link is not eGov Mobile's `https://m.egov.kz/mobileSign/?link=…`."""


@dataclass(frozen=True)
class Key:
    private: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @classmethod
    def from_p12(cls, path: Path, password: str) -> Key:
        private, certificate, _ = pkcs12.load_key_and_certificates(
            path.read_bytes(), password.encode()
        )
        if not isinstance(private, rsa.RSAPrivateKey) or certificate is None:
            raise ValueError(f"{path.name} holds no RSA key with its certificate")
        return cls(private, certificate)


def cms(data: bytes, key: Key) -> bytes:
    """What the app PUTs: CMS SignedData (DER) with the data inside."""
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(data)
        .add_signer(key.certificate, key.private, hashes.SHA256())
        .sign(serialization.Encoding.DER, [])
    )


def api1_url(button_url: str) -> str:
    """The API №1 URL inside `https://m.egov.kz/mobileSign/?link=…`."""
    parts = urlsplit(button_url)
    links = parse_qs(parts.query).get("link")
    if (parts.scheme, parts.netloc, parts.path) != MOBILE_SIGN or not links:
        raise NotASigningLink(button_url)
    return links[0]


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]

    @property
    def message(self) -> str:
        return str(self.body.get("message", ""))


@dataclass(frozen=True)
class Visit:
    """What the app learnt from API №1 and API №2: what it shows, and what it will sign."""

    api1: dict[str, Any]
    documents: dict[str, Any]

    @property
    def uri(self) -> str:
        return str(self.api1["document"]["uri"])

    @property
    def token(self) -> str:
        return str(self.api1["document"]["auth_token"])

    @property
    def first(self) -> dict[str, Any]:
        document: dict[str, Any] = self.documents["documentsToSign"][0]
        return document

    @property
    def data(self) -> bytes:
        return base64.b64decode(self.first["document"]["file"]["data"])

    @property
    def meta(self) -> dict[str, str]:
        return {m["name"]: m["value"] for m in self.first["meta"]}

    def shown(self) -> dict[str, Any]:
        """What the app's screen says before the person confirms."""
        organisation = self.api1.get("organisation") or {}
        return {
            "description": self.api1.get("description", ""),
            "organisation": {
                "kk": organisation.get("nameKz", ""),
                "ru": organisation.get("nameRu", ""),
                "bin": organisation.get("bin", ""),
            },
            "documents": [
                {
                    "kk": document.get("nameKz", ""),
                    "ru": document.get("nameRu", ""),
                    "meta": document.get("meta", []),
                }
                for document in self.documents.get("documentsToSign", [])
            ],
        }


async def _json(response: aiohttp.ClientResponse) -> dict[str, Any]:
    try:
        body = await response.json(content_type=None)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


class EgovPhone:
    def __init__(self, language: str = "ru") -> None:
        self.language = language

    def headers(self, token: str | None = None) -> dict[str, str]:
        headers = {"Accept-Language": self.language}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    async def open(self, button_url: str) -> Visit | Answer:
        """API №1, then API №2: the visit, or the refusal the app would show (404, 410 …)."""
        async with aiohttp.ClientSession() as http:
            async with http.get(api1_url(button_url), headers=self.headers()) as response:
                api1 = await _json(response)
                if response.status != 200:
                    return Answer(response.status, api1)
            token = str(api1["document"]["auth_token"])
            uri = str(api1["document"]["uri"])
            async with http.get(uri, headers=self.headers(token)) as response:
                documents = await _json(response)
                if response.status != 200:
                    return Answer(response.status, documents)
        return Visit(api1, documents)

    async def put(self, uri: str, token: str, body: bytes | dict[str, Any]) -> Answer:
        async with (
            aiohttp.ClientSession() as http,
            http.put(
                uri,
                headers=self.headers(token),
                json=None if isinstance(body, bytes) else body,
                data=body if isinstance(body, bytes) else None,
            ) as response,
        ):
            return Answer(response.status, await _json(response))

    async def send_signature(
        self, visit: Visit, signature: bytes, token: str | None = None
    ) -> Answer:
        signed = dict(visit.documents)
        document = dict(visit.first)
        document["document"] = {"file": {"mime": "", "data": base64.b64encode(signature).decode()}}
        signed["documentsToSign"] = [document]
        return await self.put(visit.uri, token or visit.token, signed)

    async def sign(self, visit: Visit, key: Key) -> Answer:
        """The person confirmed: the data signed with their key goes back to API №2."""
        return await self.send_signature(visit, cms(visit.data, key))

    async def decline(self, visit: Visit) -> Answer:
        return await self.put(visit.uri, visit.token, {"status": "CANCELED"})
