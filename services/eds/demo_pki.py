"""A demo PKI shaped like NCA RK's (`python -m bot demo-keys DIR`): a root and an intermediate CA,
and for every demo parent an authentication key (AUTH_RSA256_…p12) and a signing key
(RSA256_…p12) with NCA's extensions and policy OIDs; plus an expired, a company and a revoked
key (and the CRL that revokes it) to try the refusals with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from services.eds.demo_ca import DemoCa, DemoHolder

DEMO_PASSWORD = "Demo2026"
# The files a demo PKI folder holds besides the keys: what a deployment trusts is named here once.
ROOT_FILE = "demo_root_rsa.crt"
CA_FILE = "demo_nca_rsa.crt"  # the intermediate CA: the trust anchor
CRL_FILE = "demo_rsa.crl"


@dataclass(frozen=True)
class DemoPki:
    folder: Path
    root: Path
    intermediate: Path
    crl: Path
    keys: dict[str, Path]

    def settings(self) -> dict[str, str]:
        return {
            "EDS_TRUST_ANCHORS": str(self.intermediate.resolve()),
            "EDS_CRL_FILES": str(self.crl.resolve()),
            "EDS_OCSP_URL": "",
            "EDS_ALLOW_TEST_IIN": "false",
        }


def _p12(path: Path, name: str, key: rsa.RSAPrivateKey, certificate: x509.Certificate) -> Path:
    data = pkcs12.serialize_key_and_certificates(
        name.encode(),
        key,
        certificate,
        None,
        serialization.BestAvailableEncryption(DEMO_PASSWORD.encode()),
    )
    path.write_bytes(data)
    return path


def _pem(path: Path, certificate: x509.Certificate) -> Path:
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


def write_demo_pki(folder: Path, holders: Sequence[DemoHolder], now: datetime) -> DemoPki:
    """Every holder's login and signing keys; for the first holder also an expired, a company
    and a revoked login key, and the CRL that revokes the last."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = DemoCa.create(now)
    keys: dict[str, Path] = {}
    for holder in holders:
        for signing, prefix in ((False, "AUTH_RSA256"), (True, "RSA256")):
            key, certificate = ca.leaf(holder, signing=signing)
            keys[f"{prefix}_{holder.iin}"] = _p12(
                folder / f"{prefix}_{holder.iin}.p12", holder.iin, key, certificate
            )
    first = holders[0]
    expired = ca.leaf(first, start=now - timedelta(days=730), end=now - timedelta(days=365))
    keys["EXPIRED"] = _p12(folder / f"EXPIRED_AUTH_RSA256_{first.iin}.p12", first.iin, *expired)
    company = ca.leaf(first, company=True)
    keys["COMPANY"] = _p12(folder / f"COMPANY_AUTH_RSA256_{first.iin}.p12", first.iin, *company)
    key, revoked = ca.leaf(first)
    keys["REVOKED"] = _p12(folder / f"REVOKED_AUTH_RSA256_{first.iin}.p12", first.iin, key, revoked)
    crl_path = folder / CRL_FILE
    crl_path.write_bytes(ca.crl(revoked, now + timedelta(days=30)))
    return DemoPki(
        folder=folder,
        root=_pem(folder / ROOT_FILE, ca.root),
        intermediate=_pem(folder / CA_FILE, ca.certificate),
        crl=crl_path,
        keys=keys,
    )


__all__ = [
    "CA_FILE",
    "CRL_FILE",
    "DEMO_PASSWORD",
    "ROOT_FILE",
    "DemoHolder",
    "DemoPki",
    "write_demo_pki",
]
