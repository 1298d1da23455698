"""Asking an OCSP responder whether a certificate is revoked (RFC 6960), when one is configured."""

from __future__ import annotations

from datetime import datetime

import aiohttp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID

from services.eds.errors import CertificateRevoked, RevocationUnknown

TIMEOUT_SECONDS = 5.0


def _signed_by(response: ocsp.OCSPResponse, signer: x509.Certificate) -> bool:
    key = signer.public_key()
    if not isinstance(key, rsa.RSAPublicKey) or response.signature_hash_algorithm is None:
        return False
    try:
        key.verify(
            response.signature,
            response.tbs_response_bytes,
            padding.PKCS1v15(),
            response.signature_hash_algorithm,
        )
    except InvalidSignature:
        return False
    return True


def _responder_trusted(response: ocsp.OCSPResponse, issuer: x509.Certificate) -> bool:
    """Signed by the CA itself, or by a responder certificate that CA issued for OCSP."""
    if _signed_by(response, issuer):
        return True
    for delegate in response.certificates:
        try:
            delegate.verify_directly_issued_by(issuer)
            usages = delegate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except (ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
            continue
        if ExtendedKeyUsageOID.OCSP_SIGNING in usages and _signed_by(response, delegate):
            return True
    return False


async def check_ocsp(
    url: str, certificate: x509.Certificate, issuer: x509.Certificate, at: datetime
) -> None:
    request = ocsp.OCSPRequestBuilder().add_certificate(certificate, issuer, hashes.SHA1()).build()
    body = request.public_bytes(serialization.Encoding.DER)
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)) as session,
            session.post(
                url, data=body, headers={"Content-Type": "application/ocsp-request"}
            ) as reply,
        ):
            if reply.status != 200:
                raise RevocationUnknown()
            data = await reply.read()
    except (aiohttp.ClientError, TimeoutError):
        raise RevocationUnknown() from None
    try:
        response = ocsp.load_der_ocsp_response(data)
    except ValueError:
        raise RevocationUnknown() from None
    if response.response_status is not ocsp.OCSPResponseStatus.SUCCESSFUL:
        raise RevocationUnknown()
    if response.serial_number != certificate.serial_number or not _responder_trusted(
        response, issuer
    ):
        raise RevocationUnknown()
    if response.this_update_utc > at or (
        response.next_update_utc is not None and at > response.next_update_utc
    ):
        raise RevocationUnknown()
    if response.certificate_status is ocsp.OCSPCertStatus.REVOKED:
        revoked_at = response.revocation_time_utc
        assert revoked_at is not None
        if revoked_at <= at:
            raise CertificateRevoked(revoked_at)
    elif response.certificate_status is not ocsp.OCSPCertStatus.GOOD:
        raise RevocationUnknown()
