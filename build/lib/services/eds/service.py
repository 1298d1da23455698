"""EDS (ЭЦҚ / ЭЦП) for R1 and R10: open a parent's key, check its certificate, prove possession,
sign the referral request, verify signatures. No key or password outlives the call that got it."""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from services.clock import Clock
from services.eds.certificates import (
    Person,
    Purpose,
    check_personal,
    check_purpose,
    check_validity,
    person_of,
)
from services.eds.cms import sign_detached, verify_cms
from services.eds.errors import EdsError, ProofOfPossessionFailed
from services.eds.ocsp import check_ocsp
from services.eds.pkcs12 import OpenedKey, open_key
from services.eds.trust import TrustStore
from services.metering import Meter, NoMeter
from services.referrals.signing import VerifiedSignature


class EdsService:
    def __init__(
        self,
        trust: TrustStore,
        clock: Clock,
        *,
        ocsp_url: str | None = None,
        allow_test_iin: bool = False,
        meter: Meter | None = None,
    ) -> None:
        self._trust = trust
        self._clock = clock
        self._ocsp_url = ocsp_url or None
        self._allow_test_iin = allow_test_iin
        self._meter = meter or NoMeter()

    @contextmanager
    def _metered(self) -> Iterator[None]:
        """Each check the operator sees counted by its outcome: accepted, or why not."""
        try:
            yield
        except EdsError as refused:
            self._meter.eds_checked(refused.code)
            raise
        self._meter.eds_checked("accepted")

    async def check_login_key(self, key_file: bytes, password: str) -> Person:
        """R1: the authentication key's owner, after every check and the proof of possession."""
        at = self._clock.now()
        with self._metered():
            key = open_key(key_file, password)
            person = await self.check_certificate(
                key.certificate, key.extra_certificates, Purpose.LOGIN, at
            )
            _prove_possession(key)
        return person

    async def inspect_signing_key(self, key_file: bytes, password: str) -> Person:
        """R10: the signing key's data, shown before «Қол қою» / «Подписать»."""
        at = self._clock.now()
        with self._metered():
            key = open_key(key_file, password)
            return await self.check_certificate(
                key.certificate, key.extra_certificates, Purpose.SIGNING, at
            )

    async def sign(self, key_file: bytes, password: str, content: bytes) -> VerifiedSignature:
        """R10: a detached CMS over `content`, verified like any other before it is trusted."""
        at = self._clock.now()
        with self._metered():
            key = open_key(key_file, password)
            await self.check_certificate(
                key.certificate, key.extra_certificates, Purpose.SIGNING, at
            )
            signature = sign_detached(content, key.private_key, key.certificate, at)
            return (await self._verify_signer(content, signature, (Purpose.SIGNING,), at))[0]

    async def verify(
        self, content: bytes, signature: bytes, *, at: datetime | None = None
    ) -> VerifiedSignature:
        """Digest, signature, certificate chain, revocation and purpose; at `at` (default now)."""
        return (await self.verify_signer(content, signature, (Purpose.SIGNING,), at=at))[0]

    async def verify_signer(
        self,
        content: bytes,
        signature: bytes,
        purposes: tuple[Purpose, ...],
        *,
        at: datetime | None = None,
    ) -> tuple[VerifiedSignature, Person]:
        """A CMS over exactly `content` (attached or detached), by a personal key that serves
        one of `purposes`: the signature, and the person it identifies."""
        with self._metered():
            return await self._verify_signer(content, signature, purposes, at or self._clock.now())

    async def _verify_signer(
        self, content: bytes, signature: bytes, purposes: tuple[Purpose, ...], moment: datetime
    ) -> tuple[VerifiedSignature, Person]:
        checked = verify_cms(signature, content)
        person = await self.check_certificate(
            checked.certificate, checked.intermediates, purposes, moment
        )
        verified = VerifiedSignature(
            signer_iin=person.iin,
            signer_name=person.full_name,
            certificate_serial=person.certificate_serial,
            content=content,
            cms=signature,
            signed_at=checked.signing_time or moment,
        )
        return verified, person

    async def check_certificate(
        self,
        certificate: x509.Certificate,
        intermediates: Sequence[x509.Certificate],
        purpose: Purpose | tuple[Purpose, ...],
        at: datetime,
    ) -> Person:
        check_validity(certificate, at)
        check_personal(certificate)
        check_purpose(certificate, purpose)
        person = person_of(certificate, allow_test_iin=self._allow_test_iin)
        chain = self._trust.chain(certificate, intermediates, at)
        self._trust.check_crls(chain, at)
        if self._ocsp_url is not None:
            await check_ocsp(self._ocsp_url, certificate, chain[1], at)
        return person


def _prove_possession(key: OpenedKey) -> None:
    """R1: the key signs a fresh random challenge, and the certificate's key verifies it."""
    challenge = secrets.token_bytes(32)
    signature = key.private_key.sign(challenge, padding.PKCS1v15(), hashes.SHA256())
    public_key = key.certificate.public_key()
    try:
        public_key.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr, call-arg, arg-type]
    except InvalidSignature:
        raise ProofOfPossessionFailed() from None
