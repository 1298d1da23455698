"""Revocation by OCSP when EDS_OCSP_URL is set, against a local responder on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from services.eds import EdsService, TrustStore
from services.eds.demo_pki import DEMO_PASSWORD, DemoPki
from services.eds.errors import CertificateRevoked, RevocationUnknown
from services.eds.pkcs12 import open_key
from tests.fakes.clock import FakeClock
from tests.fakes.ocsp_responder import Responder, running
from tests.pki import DEMO_NOW, HOLDER
from tests.ports import free_port


def _stand_in_ca() -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    # The demo PKI keeps no CA key on disk; the responder signs with a delegated key that a
    # stand-in CA issues, and the trust store trusts that stand-in CA only for this test.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ТЕСТ OCSP CA")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(DEMO_NOW - timedelta(days=10))
        .not_valid_after(DEMO_NOW + timedelta(days=100))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def _issue(
    ca: x509.Certificate,
    ca_key: rsa.RSAPrivateKey,
    subject_from: x509.Certificate,
    public_key: rsa.RSAPublicKey,
    *,
    ocsp_signer: bool = False,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject_from.subject)
        .issuer_name(ca.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(DEMO_NOW - timedelta(days=1))
        .not_valid_after(DEMO_NOW + timedelta(days=30))
    )
    if ocsp_signer:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), critical=False
        )
    else:
        for extension in subject_from.extensions:
            if not isinstance(
                extension.value, x509.AuthorityKeyIdentifier | x509.CRLDistributionPoints
            ):
                builder = builder.add_extension(extension.value, critical=extension.critical)
    return builder.sign(ca_key, hashes.SHA256())


@pytest.fixture
def setup(
    demo_pki: DemoPki,
) -> tuple[EdsService, x509.Certificate, rsa.RSAPrivateKey, bytes, x509.Certificate]:
    ca, ca_key = _stand_in_ca()
    opened = open_key(demo_pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes(), DEMO_PASSWORD)
    leaf = _issue(ca, ca_key, opened.certificate, opened.private_key.public_key())
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    key_file = pkcs12.serialize_key_and_certificates(
        b"k", opened.private_key, leaf, None, BestAvailableEncryption(DEMO_PASSWORD.encode())
    )
    return EdsService(TrustStore((ca,)), FakeClock(DEMO_NOW)), ca, ca_key, key_file, leaf


async def test_good_revoked_and_unreachable(
    setup: tuple[EdsService, x509.Certificate, rsa.RSAPrivateKey, bytes, x509.Certificate],
) -> None:
    plain, ca, ca_key, key_file, leaf = setup
    responder = Responder(issuer=ca, signer=ca, signer_key=ca_key, now=DEMO_NOW)
    async with running(responder) as url:
        eds = EdsService(TrustStore((ca,)), FakeClock(DEMO_NOW), ocsp_url=url)
        assert (await eds.check_login_key(key_file, DEMO_PASSWORD)).iin == HOLDER.iin
        assert responder.requests == 1
        responder.revoked[leaf.serial_number] = DEMO_NOW - timedelta(hours=1)
        with pytest.raises(CertificateRevoked):
            await eds.check_login_key(key_file, DEMO_PASSWORD)
    assert (
        await plain.check_login_key(key_file, DEMO_PASSWORD)
    ).iin == HOLDER.iin  # OCSP off: no question asked
    closed_port = free_port()
    unreachable = EdsService(
        TrustStore((ca,)), FakeClock(DEMO_NOW), ocsp_url=f"http://127.0.0.1:{closed_port}/ocsp"
    )
    with pytest.raises(RevocationUnknown):
        await unreachable.check_login_key(key_file, DEMO_PASSWORD)


async def test_a_delegated_responder_is_trusted_and_a_stranger_is_not(
    setup: tuple[EdsService, x509.Certificate, rsa.RSAPrivateKey, bytes, x509.Certificate],
) -> None:
    _plain, ca, ca_key, key_file, leaf = setup
    delegate_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    delegate = _issue(ca, ca_key, leaf, delegate_key.public_key(), ocsp_signer=True)
    async with running(
        Responder(issuer=ca, signer=delegate, signer_key=delegate_key, now=DEMO_NOW)
    ) as url:
        eds = EdsService(TrustStore((ca,)), FakeClock(DEMO_NOW), ocsp_url=url)
        assert (await eds.check_login_key(key_file, DEMO_PASSWORD)).iin == HOLDER.iin
    stranger_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    async with running(
        Responder(issuer=ca, signer=ca, signer_key=stranger_key, now=DEMO_NOW)
    ) as url:
        eds = EdsService(TrustStore((ca,)), FakeClock(DEMO_NOW), ocsp_url=url)
        with pytest.raises(RevocationUnknown):
            await eds.check_login_key(key_file, DEMO_PASSWORD)
