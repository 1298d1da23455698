"""A local OCSP responder (RFC 6960) on 127.0.0.1, built with cryptography's OCSP builder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509 import ocsp


@dataclass
class Responder:
    issuer: x509.Certificate
    signer: x509.Certificate
    signer_key: rsa.RSAPrivateKey
    now: datetime
    revoked: dict[int, datetime] = field(default_factory=dict)
    requests: int = 0

    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        query = ocsp.load_der_ocsp_request(await request.read())
        revoked_at = self.revoked.get(query.serial_number)
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response_by_hash(
                issuer_name_hash=query.issuer_name_hash,
                issuer_key_hash=query.issuer_key_hash,
                serial_number=query.serial_number,
                algorithm=query.hash_algorithm,
                cert_status=ocsp.OCSPCertStatus.REVOKED if revoked_at else ocsp.OCSPCertStatus.GOOD,
                this_update=self.now - timedelta(minutes=5),
                next_update=self.now + timedelta(hours=1),
                revocation_time=revoked_at,
                revocation_reason=x509.ReasonFlags.key_compromise if revoked_at else None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, self.signer)
        )
        if self.signer is not self.issuer:
            builder = builder.certificates([self.signer])
        response = builder.sign(self.signer_key, hashes.SHA256())
        return web.Response(
            body=response.public_bytes(serialization.Encoding.DER),
            content_type="application/ocsp-response",
        )


@asynccontextmanager
async def running(responder: Responder) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post("/ocsp", responder.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/ocsp"
    finally:
        await runner.cleanup()
