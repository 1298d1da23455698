"""The demo PKI's certificate authority: a root and an intermediate shaped like NCA RK's, and
leaf certificates with NCA's extensions and policy OIDs (services/eds/demo_pki.py writes them
out as key files)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from services.eds.certificates import (
    POLICY_COMPANY_AUTH,
    POLICY_PERSON_AUTH,
    POLICY_PERSON_SIGN,
)

NCA_KEY_PURPOSE_PERSON = x509.ObjectIdentifier("1.2.398.3.3.4.1.1")
NCA_KEY_PURPOSE_COMPANY = x509.ObjectIdentifier("1.2.398.3.3.4.1.2")
CRL_URL = "http://demo.pki.invalid/crl/demo_rsa.crl"


@dataclass(frozen=True)
class DemoHolder:
    iin: str
    surname: str
    name: str
    patronymic: str


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


@dataclass(frozen=True)
class DemoCa:
    root: x509.Certificate
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey
    start: datetime  # when its leaves' validity starts

    @classmethod
    def create(cls, now: datetime) -> DemoCa:
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
        return cls(root, ca, ca_key, start)

    def leaf(
        self,
        holder: DemoHolder,
        *,
        signing: bool = False,
        company: bool = False,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        """A person's key: authentication (AUTH_RSA256) or signing (RSA256), valid a year."""
        return _leaf(
            holder,
            signing=signing,
            company=company,
            ca=self.certificate,
            ca_key=self.key,
            start=start or self.start,
            end=end or self.start + timedelta(days=366),
            crl_url=CRL_URL,
        )

    def crl(self, revoked: x509.Certificate, next_update: datetime) -> bytes:
        """A CRL (DER) that revokes one certificate."""
        crl = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(self.start)
            .next_update(next_update)
            .add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(revoked.serial_number)
                .revocation_date(self.start)
                .build()
            )
            .sign(self.key, hashes.SHA256())
        )
        return crl.public_bytes(serialization.Encoding.DER)
