"""R10/R11: detached CMS signatures — Kalkan's (NCA's own library) verify, tampering does not."""

from __future__ import annotations

import asyncio
import base64
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from services.eds.cms import verify_cms
from services.eds.demo_pki import DEMO_PASSWORD, DemoPki
from services.eds.errors import CertificateRevoked, SignatureInvalid, UnsupportedAlgorithm
from services.eds.pkcs12 import open_key
from services.eds.service import EdsService
from tests.nca import NCA_PASSWORD, nca_eds, nca_key, utc
from tests.pki import DEMO_NOW, HOLDER


def samples(nca: Path, kind: str) -> list[Path]:
    every = sorted((nca / "cms_kalkan").glob("*.cms"))
    return [p for p in every if ("GOST" in p.name) == (kind == "GOST")]


def signature_of(der: bytes) -> bytes:
    from asn1crypto import cms

    return bytes(cms.ContentInfo.load(der)["content"]["signer_infos"][0]["signature"].native)


def tamper(data: bytes, offset: int) -> bytes:
    changed = bytearray(data)
    changed[offset] ^= 0x01
    return bytes(changed)


def test_every_kalkan_rsa_signature_verifies(nca: Path) -> None:
    rsa_samples = samples(nca, "RSA")
    assert len(rsa_samples) == 6
    for path in rsa_samples:
        checked = verify_cms(path.read_bytes())
        assert checked.content == b"asdasd"
        assert checked.signing_time is not None and checked.signing_time.year == 2020
        assert "ТЕСТОВ ТЕСТ" in checked.certificate.subject.rfc4514_string()


def test_a_changed_byte_of_content_or_signature_fails(nca: Path) -> None:
    for path in samples(nca, "RSA"):
        der = base64.b64decode(path.read_bytes())
        with pytest.raises(SignatureInvalid):
            verify_cms(der, b"asdasD")  # the content that was signed is different
        signature_at = der.rindex(signature_of(der)) + 7
        with pytest.raises(SignatureInvalid):
            verify_cms(tamper(der, signature_at))
        content_at = der.index(b"asdasd")
        with pytest.raises(SignatureInvalid):
            verify_cms(tamper(der, content_at))


def test_gost_signatures_are_an_unsupported_algorithm(nca: Path) -> None:
    gost = samples(nca, "GOST")
    assert len(gost) == 2
    for path in gost:
        with pytest.raises(UnsupportedAlgorithm):
            verify_cms(path.read_bytes())


def test_garbage_is_not_a_signature() -> None:
    for data in (b"", b"not base64 !!", base64.b64encode(b"\x30\x03\x02\x01\x01"), b"\x30\x82"):
        with pytest.raises(SignatureInvalid):
            verify_cms(data, b"x")


async def test_signing_with_an_nca_signing_key_and_verifying_at_that_moment(nca: Path) -> None:
    at = utc(2020, 6, 1)
    eds = nca_eds(nca, at)
    key = nca_key(
        nca, "ncanode-go_personal_active_RSA256_11c707bd54cbfcccb3815e39c4eb57b1dc7dfea9.p12"
    )
    content = b'{"application":"A-1","kindergarten":"KG1"}'
    signed = await eds.sign(key, NCA_PASSWORD, content)
    assert (signed.signer_iin, signed.signer_name) == ("123456789011", "ТЕСТОВ ТЕСТ ТЕСТОВИЧ")
    assert signed.signed_at == at  # the signing time is our (injected) clock's
    checked = verify_cms(signed.cms, content)
    assert checked.content == content
    assert b"asdasd" not in signed.cms and content not in signed.cms  # detached
    with pytest.raises(SignatureInvalid):
        verify_cms(signed.cms, content + b" ")
    with pytest.raises(SignatureInvalid):
        verify_cms(tamper(signed.cms, len(signed.cms) - 5), content)
    # and the service's verification of a stored signature says who signed
    assert (await eds.verify(content, signed.cms)).certificate_serial == signed.certificate_serial


async def test_a_signature_by_a_key_revoked_since_then_fails_verification(nca: Path) -> None:
    key = nca_key(nca, "ncanode-v3_KEY_INDIVIDUAL_SIGN_REVOKED_2004.p12")
    # valid from 04:39:33 UTC on 18 January 2022, revoked at 04:40:24 the same minute
    signed = await nca_eds(nca, datetime(2022, 1, 18, 4, 40, tzinfo=UTC)).sign(
        key, NCA_PASSWORD, b"request"
    )
    later = nca_eds(nca, utc(2022, 6, 1), crls=("crl/nca_rsa_test.crl",))
    with pytest.raises(CertificateRevoked):
        await later.verify(b"request", signed.cms)


def test_a_signature_made_by_cryptographys_own_builder_verifies(demo_pki: DemoPki) -> None:
    opened = open_key(demo_pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes(), DEMO_PASSWORD)
    cms = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(b"payload")
        .add_signer(opened.certificate, opened.private_key, hashes.SHA256())
        .sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )
    assert verify_cms(cms, b"payload").certificate == opened.certificate
    with pytest.raises(SignatureInvalid):
        verify_cms(cms, b"payloaD")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="the openssl command is not installed")
async def test_openssl_verifies_our_signature(
    demo_pki: DemoPki, demo_eds: EdsService, tmp_path: Path
) -> None:
    signed = await demo_eds.sign(
        demo_pki.keys[f"RSA256_{HOLDER.iin}"].read_bytes(), DEMO_PASSWORD, b"referral request"
    )
    (tmp_path / "sig.der").write_bytes(signed.cms)
    (tmp_path / "content").write_bytes(b"referral request")
    (tmp_path / "ca.pem").write_bytes(
        demo_pki.root.read_bytes() + demo_pki.intermediate.read_bytes()
    )
    command = [
        "openssl",
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        str(tmp_path / "sig.der"),
        "-content",
        str(tmp_path / "content"),
        "-CAfile",
        str(tmp_path / "ca.pem"),
        "-purpose",
        "any",
        "-attime",
        str(int(DEMO_NOW.timestamp())),
        "-out",
        "/dev/null",
    ]
    assert await openssl(command) == 0
    (tmp_path / "content").write_bytes(b"referral requesT")
    assert await openssl(command) != 0


async def openssl(command: list[str]) -> int:
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    return await process.wait()
