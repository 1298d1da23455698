"""eGov Mobile, played over real HTTP against the bot's web app: it follows the link of the chat's
button to API №1, fetches the document from API №2 with the token, signs the data with a key
(cryptography's PKCS7 builder, the content attached: CMS_WITH_DATA) and PUTs it back."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12

GOST_2015_DIGEST = "1.2.643.7.1.1.2.3"  # Streebog-512
GOST_2015_SIGNATURE = "1.2.643.7.1.1.1.2"  # GOST R 34.10-2015, 512 bits


@dataclass(frozen=True)
class Key:
    private: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @classmethod
    def from_p12(cls, path: Path, password: str) -> Key:
        private, certificate, _ = pkcs12.load_key_and_certificates(
            path.read_bytes(), password.encode()
        )
        assert isinstance(private, rsa.RSAPrivateKey) and certificate is not None
        return cls(private, certificate)


def cms(data: bytes, key: Key) -> bytes:
    """What the app PUTs: CMS SignedData (DER) with the data inside."""
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(data)
        .add_signer(key.certificate, key.private, hashes.SHA256())
        .sign(serialization.Encoding.DER, [])
    )


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


@dataclass
class Answer:
    status: int
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(self.body.get("message", ""))


@dataclass
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
    def data(self) -> bytes:
        return base64.b64decode(self.documents["documentsToSign"][0]["document"]["file"]["data"])

    @property
    def meta(self) -> dict[str, str]:
        return {m["name"]: m["value"] for m in self.documents["documentsToSign"][0]["meta"]}


def api1_url(button_url: str) -> str:
    """The API №1 URL inside `https://m.egov.kz/mobileSign/?link=…`."""
    parts = urlsplit(button_url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "m.egov.kz", "/mobileSign/")
    return parse_qs(parts.query)["link"][0]


class EgovMobile:
    def __init__(self, language: str = "ru") -> None:
        self.language = language

    def _headers(self, token: str | None = None) -> dict[str, str]:
        headers = {"Accept-Language": self.language}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    async def first_look(self, button_url: str) -> Answer:
        """API №1 alone: what the app learns before anything else (404, 410 …)."""
        async with (
            aiohttp.ClientSession() as http,
            http.get(api1_url(button_url), headers=self._headers()) as response,
        ):
            body = await response.json(content_type=None)
            return Answer(response.status, body if isinstance(body, dict) else {})

    async def visit(self, button_url: str) -> Visit:
        async with aiohttp.ClientSession() as http:
            async with http.get(api1_url(button_url), headers=self._headers()) as response:
                assert response.status == 200, await response.text()
                api1 = await response.json()
            token = api1["document"]["auth_token"]
            async with http.get(api1["document"]["uri"], headers=self._headers(token)) as response:
                assert response.status == 200, await response.text()
                documents = await response.json()
        return Visit(api1, documents)

    async def put(self, uri: str, token: str, body: bytes | dict[str, Any]) -> Answer:
        data = body if isinstance(body, bytes) else None
        async with (
            aiohttp.ClientSession() as http,
            http.put(
                uri,
                headers=self._headers(token),
                json=None if isinstance(body, bytes) else body,
                data=data,
            ) as response,
        ):
            try:
                answer = await response.json(content_type=None)
            except ValueError:
                answer = {}
            return Answer(response.status, answer if isinstance(answer, dict) else {})

    async def send_signature(
        self, visit: Visit, signature: bytes, token: str | None = None
    ) -> Answer:
        signed = dict(visit.documents)
        document = dict(signed["documentsToSign"][0])
        document["document"] = {"file": {"mime": "", "data": base64.b64encode(signature).decode()}}
        signed["documentsToSign"] = [document]
        return await self.put(visit.uri, token or visit.token, signed)

    async def sign(self, button_url: str, key: Key) -> Answer:
        """What a person does: opens the link, reads, confirms with their key."""
        visit = await self.visit(button_url)
        return await self.send_signature(visit, cms(visit.data, key))

    async def decline(self, button_url: str) -> Answer:
        visit = await self.visit(button_url)
        return await self.put(visit.uri, visit.token, {"status": "CANCELED"})
