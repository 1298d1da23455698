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
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from services.eds.certificates import (
    POLICY_COMPANY_AUTH,
    POLICY_PERSON_AUTH,
    POLICY_PERSON_SIGN,
)

DEMO_PASSWORD = "Demo2026"
NCA_KEY_PURPOSE_PERSON = x509.ObjectIdentifier("1.2.398.3.3.4.1.1")
NCA_KEY_PURPOSE_COMPANY = x509.ObjectIdentifier("1.2.398.3.3.4.1.2")


@dataclass(frozen=True)
class DemoHolder:
    iin: str
    surname: str
    name: str
    patronymic: str


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


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _ca(
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer: x509.Name,
    issuer_key: rsa.RSAPrivateKey,
    start: datetime,
    years: int,
    path_length: int | None,
) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )


def _person_name(holder: DemoHolder, company: bool) -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COMMON_NAME, f"{holder.surname} {holder.name}"),
        x509.NameAttribute(NameOID.SURNAME, holder.surname),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{holder.iin}"),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
        x509.NameAttribute(NameOID.LOCALITY_NAME, "АЛМАТЫ"),
    ]
    if company:
        attributes += [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'ТОО "ДЕМО"'),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "BIN123456789021"),
        ]
    attributes.append(x509.NameAttribute(NameOID.GIVEN_NAME, holder.patronymic))
    return x509.Name(attributes)


def _leaf(
    holder: DemoHolder,
    *,
    signing: bool,
    company: bool,
    ca: x509.Certificate,
    ca_key: rsa.RSAPrivateKey,
    start: datetime,
    end: datetime,
    crl_url: str,
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = _key()
    if signing:
        usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
        purposes = [ExtendedKeyUsageOID.EMAIL_PROTECTION, NCA_KEY_PURPOSE_PERSON]
        policy = POLICY_PERSON_SIGN
    else:
        usage = x509.KeyUsage(True, False, True, False, False, False, False, False, False)
        purposes = [
            ExtendedKeyUsageOID.CLIENT_AUTH,
            NCA_KEY_PURPOSE_COMPANY if company else NCA_KEY_PURPOSE_PERSON,
        ]
        policy = POLICY_COMPANY_AUTH if company else POLICY_PERSON_AUTH
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_person_name(holder, company))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage(purposes), critical=False)
        .add_extension(
            x509.CertificatePolicies(
                [x509.PolicyInformation(x509.ObjectIdentifier(policy), ["http://pki.gov.kz/cps"])]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier(crl_url)], None, None, None
                    )
                ]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, certificate


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
    folder.mkdir(parents=True, exist_ok=True)
    start = now - timedelta(days=1)
    root_key, ca_key = _key(), _key()
    root_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
            x509.NameAttribute(NameOID.COMMON_NAME, "ДЕМО ҰКО ТҮБІР (RSA)"),
        ]
    )
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "ДЕМО ҰКО (RSA)"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
        ]
    )
    root = _ca(root_name, root_key, root_name, root_key, start - timedelta(days=365), 20, 1)
    ca = _ca(ca_name, ca_key, root_name, root_key, start - timedelta(days=30), 10, 0)
    crl_url = "http://demo.pki.invalid/crl/demo_rsa.crl"
    keys: dict[str, Path] = {}

    def leaf(holder: DemoHolder, **kwargs: object) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        options = {
            "signing": False,
            "company": False,
            "start": start,
            "end": now + timedelta(days=365),
        }
        options.update(kwargs)
        return _leaf(holder, ca=ca, ca_key=ca_key, crl_url=crl_url, **options)  # type: ignore[arg-type]

    for holder in holders:
        for signing, prefix in ((False, "AUTH_RSA256"), (True, "RSA256")):
            key, certificate = leaf(holder, signing=signing)
            keys[f"{prefix}_{holder.iin}"] = _p12(
                folder / f"{prefix}_{holder.iin}.p12", holder.iin, key, certificate
            )
    first = holders[0]
    key, certificate = leaf(first, start=now - timedelta(days=730), end=now - timedelta(days=365))
    keys["EXPIRED"] = _p12(
        folder / f"EXPIRED_AUTH_RSA256_{first.iin}.p12", first.iin, key, certificate
    )
    key, certificate = leaf(first, company=True)
    keys["COMPANY"] = _p12(
        folder / f"COMPANY_AUTH_RSA256_{first.iin}.p12", first.iin, key, certificate
    )
    key, revoked = leaf(first)
    keys["REVOKED"] = _p12(folder / f"REVOKED_AUTH_RSA256_{first.iin}.p12", first.iin, key, revoked)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.subject)
        .last_update(start)
        .next_update(now + timedelta(days=30))
        .add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(revoked.serial_number)
            .revocation_date(start)
            .build()
        )
        .sign(ca_key, hashes.SHA256())
    )
    crl_path = folder / "demo_rsa.crl"
    crl_path.write_bytes(crl.public_bytes(serialization.Encoding.DER))
    return DemoPki(
        folder=folder,
        root=_pem(folder / "demo_root_rsa.crt", root),
        intermediate=_pem(folder / "demo_nca_rsa.crt", ca),
        crl=crl_path,
        keys=keys,
    )
