"""Detached CMS SignedData (RFC 5652) with RSA-SHA256: made here with the signing time from our
clock, and verified here (`cryptography` signs CMS but has no public way to verify it).

Signing writes the signed attributes contentType, signingTime and messageDigest, and signs their
DER (as a SET OF, per RFC 5652 §5.4) with PKCS#1 v1.5. Verification accepts what NCA's Kalkan
writes: attached or detached content, sha256/sha1 digests, rsaEncryption or sha*WithRSA.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import algos, cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from services.eds.errors import SignatureInvalid, UnsupportedAlgorithm

_DIGESTS: dict[str, hashes.HashAlgorithm] = {
    "sha1": hashes.SHA1(),
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}
_RSA_SIGNATURES = {"rsassa_pkcs1v15", "sha1_rsa", "sha256_rsa", "sha384_rsa", "sha512_rsa"}


@dataclass(frozen=True, slots=True)
class CmsSignature:
    """What a verified CMS says: who signed, when, over which content."""

    certificate: x509.Certificate
    content: bytes
    signing_time: datetime | None
    intermediates: tuple[x509.Certificate, ...]


def sign_detached(
    content: bytes, private_key: rsa.RSAPrivateKey, certificate: x509.Certificate, at: datetime
) -> bytes:
    signer = asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))
    attributes = cms.CMSAttributes(
        [
            cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
            cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": at})]}),
            cms.CMSAttribute(
                {"type": "message_digest", "values": [hashlib.sha256(content).digest()]}
            ),
        ]
    )
    signature = private_key.sign(attributes.dump(), padding.PKCS1v15(), hashes.SHA256())
    signer_info = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {
                    "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                        {"issuer": signer.issuer, "serial_number": signer.serial_number}
                    )
                }
            ),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "signed_attrs": attributes,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"}),
            "signature": signature,
        }
    )
    signed_data = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
            "encap_content_info": {"content_type": "data"},
            "certificates": [cms.CertificateChoices({"certificate": signer})],
            "signer_infos": [signer_info],
        }
    )
    encoded: bytes = cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()
    return encoded


def load_cms(data: bytes) -> cms.ContentInfo:
    """DER, or base64 of DER (as Kalkan writes it)."""
    raw = data
    if not data.startswith(b"\x30"):
        try:
            raw = base64.b64decode(b"".join(data.split()), validate=True)
        except (binascii.Error, ValueError):
            raise SignatureInvalid() from None
    try:
        info = cms.ContentInfo.load(raw, strict=True)
        if info["content_type"].native != "signed_data":
            raise SignatureInvalid()
    except (ValueError, TypeError, KeyError):
        raise SignatureInvalid() from None
    return info


def verify_cms(data: bytes, detached_content: bytes | None = None) -> CmsSignature:
    """Checks the digest and the RSA signature; the certificate itself is checked by the caller
    (chain, revocation, purpose). Parts of the structure are read lazily: a GOST signer's
    certificate is not even parseable here, and its algorithms say enough."""
    try:
        return _verify(load_cms(data)["content"], detached_content)
    except (ValueError, TypeError, KeyError):
        raise SignatureInvalid() from None


def _verify(signed_data: cms.SignedData, detached_content: bytes | None) -> CmsSignature:
    embedded = signed_data["encap_content_info"]["content"].native
    content = detached_content if detached_content is not None else embedded
    if content is None or (
        detached_content is not None and embedded not in (None, detached_content)
    ):
        raise SignatureInvalid()
    signer_infos = signed_data["signer_infos"]
    if len(signer_infos) != 1:
        raise SignatureInvalid()
    signer_info = signer_infos[0]
    digest_name = signer_info["digest_algorithm"]["algorithm"].native
    signature_name = signer_info["signature_algorithm"]["algorithm"].native
    if digest_name not in _DIGESTS or signature_name not in _RSA_SIGNATURES:
        raise UnsupportedAlgorithm()
    certificates = [
        x509.load_der_x509_certificate(choice.chosen.dump())
        for choice in (signed_data["certificates"] or [])
        if choice.name == "certificate"
    ]
    signer = _find_signer(signer_info, certificates)
    public_key = signer.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise UnsupportedAlgorithm()
    digest = _DIGESTS[digest_name]
    signed_attrs = signer_info["signed_attrs"]
    signing_time = None
    if signed_attrs.native:
        attributes = {a["type"].native: a["values"] for a in signed_attrs}
        message_digest = attributes.get("message_digest")
        if message_digest is None or message_digest[0].native != _hash(digest, content):
            raise SignatureInvalid()
        time = attributes.get("signing_time")
        signing_time = time[0].native if time is not None else None
        # The signature covers the attributes' DER encoded as a SET OF (RFC 5652 §5.4).
        to_verify = signed_attrs.untag().dump(force=True)
    else:
        to_verify = content
    try:
        public_key.verify(signer_info["signature"].native, to_verify, padding.PKCS1v15(), digest)
    except InvalidSignature:
        raise SignatureInvalid() from None
    return CmsSignature(
        certificate=signer,
        content=content,
        signing_time=signing_time,
        intermediates=tuple(c for c in certificates if c is not signer),
    )


def _hash(algorithm: hashes.HashAlgorithm, content: bytes) -> bytes:
    digest = hashes.Hash(algorithm)
    digest.update(content)
    return digest.finalize()


def _find_signer(
    signer_info: cms.SignerInfo, certificates: list[x509.Certificate]
) -> x509.Certificate:
    sid = signer_info["sid"]
    for certificate in certificates:
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if certificate.serial_number == wanted["serial_number"].native and _same_name(
                certificate.issuer.public_bytes(), wanted["issuer"]
            ):
                return certificate
        else:
            try:
                key_id = certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
            except x509.ExtensionNotFound:
                continue
            if key_id.value.digest == sid.chosen.native:
                return certificate
    raise SignatureInvalid()


def _same_name(der: bytes, name: asn1_x509.Name) -> bool:
    """The signer's issuer is almost always the certificate's own bytes; only when it is not
    does the comparison of RFC 5280 (case and spaces folded) run, which costs a millisecond."""
    return der == name.dump() or bool(asn1_x509.Name.load(der) == name)


@dataclass(frozen=True, slots=True)
class SignerCard:
    """What a document card shows of its signature (like NCA's own): the signer's certificate
    and the moment of signing. Read from the stored CMS, not verified: verification is the QR
    link's job (DocumentService.verify)."""

    serial: str
    valid_from: datetime
    valid_until: datetime
    signed_at: datetime | None


def signer_card(data: bytes) -> SignerCard | None:
    """None when the CMS cannot be read or carries no signer's certificate we can parse."""
    try:
        signed_data = load_cms(data)["content"]
        signer_info = signed_data["signer_infos"][0]
        certificates = [
            x509.load_der_x509_certificate(choice.chosen.dump())
            for choice in (signed_data["certificates"] or [])
            if choice.name == "certificate"
        ]
        signer = _find_signer(signer_info, certificates)
        attributes = {a["type"].native: a["values"] for a in signer_info["signed_attrs"] or []}
    except (SignatureInvalid, ValueError, TypeError, KeyError, IndexError):
        return None
    time = attributes.get("signing_time")
    return SignerCard(
        serial=format(signer.serial_number, "x"),
        valid_from=signer.not_valid_before_utc,
        valid_until=signer.not_valid_after_utc,
        signed_at=time[0].native if time is not None else None,
    )
