"""Whom we trust: the configured CA certificates (an anchor may be an intermediate, such as NCA's
test CA whose root is not published) and the configured CRLs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature

from services.eds.certificates import check_validity
from services.eds.errors import CertificateRevoked, RevocationUnknown, UntrustedCertificate

_CERTIFICATE_SUFFIXES = {".crt", ".cer", ".pem", ".der"}
MAX_CHAIN = 6


def _load_certificates(data: bytes) -> list[x509.Certificate]:
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def _load_crl(data: bytes) -> x509.CertificateRevocationList:
    if b"-----BEGIN X509 CRL-----" in data:
        return x509.load_pem_x509_crl(data)
    return x509.load_der_x509_crl(data)


class TrustConfigError(ValueError):
    """A configured anchor or CRL that cannot be read: said plainly at start-up."""


def _files(paths: Iterable[Path], suffixes: set[str] | None) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise TrustConfigError(f"{path} does not exist")
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.iterdir())
                if p.is_file() and (suffixes is None or p.suffix.lower() in suffixes)
            )
        else:
            found.append(path)
    return found


def _issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


@dataclass(frozen=True)
class TrustStore:
    anchors: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...] = field(default=())

    @classmethod
    def load(cls, anchor_paths: Sequence[Path], crl_paths: Sequence[Path] = ()) -> TrustStore:
        try:
            return cls._load(anchor_paths, crl_paths)
        except ValueError as error:  # a missing file, or one that is not a certificate or CRL
            raise TrustConfigError(f"EDS_TRUST_ANCHORS / EDS_CRL_FILES: {error}") from None

    @classmethod
    def _load(cls, anchor_paths: Sequence[Path], crl_paths: Sequence[Path]) -> TrustStore:
        anchors = [
            c
            for f in _files(anchor_paths, _CERTIFICATE_SUFFIXES)
            for c in _load_certificates(f.read_bytes())
        ]
        crls = [_load_crl(f.read_bytes()) for f in _files(crl_paths, None)]
        return cls(tuple(anchors), tuple(crls))

    def chain(
        self, leaf: x509.Certificate, intermediates: Sequence[x509.Certificate], at: datetime
    ) -> list[x509.Certificate]:
        """Leaf first, ending at a trusted anchor; each link's signature checked."""
        chain = [leaf]
        current = leaf
        for _ in range(MAX_CHAIN):
            anchor = next((a for a in self.anchors if _issued_by(current, a)), None)
            if anchor is not None:
                check_validity(anchor, at)
                return self._up_the_anchors([*chain, anchor])
            issuer = next(
                (
                    c
                    for c in intermediates
                    if c is not current and _is_ca(c) and _issued_by(current, c)
                ),
                None,
            )
            if issuer is None:
                raise UntrustedCertificate()
            check_validity(issuer, at)
            chain.append(issuer)
            current = issuer
        raise UntrustedCertificate()

    def _up_the_anchors(self, chain: list[x509.Certificate]) -> list[x509.Certificate]:
        """An anchor that is itself issued by another anchor (NCA's intermediate and root, both
        configured): the chain shown goes up to the root."""
        top = chain[-1]
        while len(chain) <= MAX_CHAIN and top.issuer != top.subject:
            parent = next((a for a in self.anchors if a is not top and _issued_by(top, a)), None)
            if parent is None or parent in chain:
                break
            chain.append(parent)
            top = parent
        return chain

    def check_crls(self, chain: Sequence[x509.Certificate], at: datetime) -> None:
        """Every certificate of the chain below the anchor, against its issuer's CRL."""
        for certificate, issuer in pairwise(chain):
            for crl in self.crls:
                if crl.issuer != issuer.subject:
                    continue
                if not crl.is_signature_valid(issuer.public_key()):  # type: ignore[arg-type]
                    raise RevocationUnknown()
                next_update = crl.next_update_utc
                if next_update is not None and at > next_update:
                    raise RevocationUnknown()  # a stale list cannot vouch for the key
                entry = crl.get_revoked_certificate_by_serial_number(certificate.serial_number)
                if entry is not None and entry.revocation_date_utc <= at:
                    raise CertificateRevoked(entry.revocation_date_utc)


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False
