"""R1 and R10 where the key lives: a parent logs in and signs the referral in eGov Mobile. The
service hands the app a one-time request, the app hands back a CMS, and the CMS is verified
exactly as a key-file signature is (services/eds): the content must be the offered bytes, then
the chain, revocation, a personal key of the right purpose, and the IIN rules.

A request's life: pending → (one PUT claims it) verifying → signed; or back to pending when the
signature is refused (the phone may try again; the refusal is counted and audited); or
cancelled, or expired. Every step is a compare-and-set, so a request is never used twice, not
even by two PUTs at the same moment."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from domain.audit import Actor, AuditRecord, Change
from domain.enums import ActorKind, AuditEntity
from domain.signing import SigningPurpose, SigningRequestRow, SigningStatus
from services.clock import Clock
from services.eds import EdsService, Purpose
from services.eds.attempts import Attempts
from services.eds.errors import EdsError, TooManyAttempts
from services.egov.content import SigningDocument, document_of, reader_language
from services.egov.errors import (
    NotASignature,
    SigningRequestClosed,
    SigningRequestUnknown,
    WrongSigningToken,
)
from services.egov.outcomes import (
    Declined,
    Handout,
    NotIssued,
    Outcome,
    ReferralSigned,
    Refused,
    SignedIn,
    token_hash,
)
from services.errors import DomainError, SignatureDoesNotMatch, SignerIsNotApplicant
from services.referrals import ReferralIssuer, ReferralRequest
from services.texts import Translator
from storage.uow import UnitOfWorkFactory

# A refused signature: the phone may send another (the request goes back to pending).
SIGNATURE_REFUSALS = (EdsError, NotASignature, SignatureDoesNotMatch, SignerIsNotApplicant)


class EgovReceiver:
    """The phone's side: API №1 and №2 (or the relay) hand the request out and take the
    signature back."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        translator: Translator,
        eds: EdsService,
        issuer: ReferralIssuer,
        attempts: Attempts,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._t = translator
        self._eds = eds
        self._issuer = issuer
        self._attempts = attempts

    async def hand_out(self, request_id: str, accept_language: str | None) -> Handout:
        """API №1: the request, a fresh one-time token for API №2 (it replaces any token
        handed out before), and its description in the reader's language."""
        async with self._uow() as uow:
            row = await uow.signing_requests.get(request_id)
            if row is None:
                raise SigningRequestUnknown()
            self._check_open(row)
            token = secrets.token_urlsafe(32)
            await uow.signing_requests.set_token(request_id, token_hash(token))
            await uow.commit()
        document = document_of(row, reader_language(row, accept_language), self._t)
        return Handout(row, token, document)

    async def document(
        self, request_id: str, token: str, accept_language: str | None
    ) -> tuple[SigningRequestRow, SigningDocument]:
        """API №2 GET: what the app shows and signs."""
        row = await self._checked(request_id, token)
        return row, document_of(row, reader_language(row, accept_language), self._t)

    async def submit(
        self, request_id: str, token: str, cms: bytes | None, *, declined: bool = False
    ) -> Outcome:
        """API №2 PUT: the app's signature (or the person's "no")."""
        return await self._finish(await self._checked(request_id, token), cms, declined)

    async def relayed_document(self, request_id: str) -> tuple[SigningRequestRow, SigningDocument]:
        """What the relay hands the app (SIGEX carries it; no token of ours involved)."""
        async with self._uow.read() as uow:
            row = await uow.signing_requests.get(request_id)
        if row is None:
            raise SigningRequestUnknown()
        self._check_open(row)
        return row, document_of(row, reader_language(row, None), self._t)

    async def submit_relayed(
        self, request_id: str, cms: bytes | None, *, declined: bool = False
    ) -> Outcome:
        """The relay's signature (SIGEX fetched it from the app; no token of ours involved)."""
        async with self._uow.read() as uow:
            row = await uow.signing_requests.get(request_id)
        if row is None:
            raise SigningRequestUnknown()
        self._check_open(row)
        return await self._finish(row, cms, declined)

    def _check_open(self, row: SigningRequestRow) -> None:
        if row.status is not SigningStatus.PENDING:
            raise SigningRequestClosed(row.status.value)
        if row.expires_at <= self._clock.now():
            raise SigningRequestClosed(SigningStatus.EXPIRED.value)

    async def _checked(self, request_id: str, token: str) -> SigningRequestRow:
        """The request, if the token is its current one (compared in constant time) and the
        request is still open."""
        async with self._uow.read() as uow:
            row = await uow.signing_requests.get(request_id)
            stored = await uow.signing_requests.token_hash(request_id)
        if row is None or stored is None:
            raise SigningRequestUnknown()
        if not hmac.compare_digest(stored, token_hash(token)):
            raise WrongSigningToken()
        self._check_open(row)
        return row

    async def _finish(self, row: SigningRequestRow, cms: bytes | None, declined: bool) -> Outcome:
        now = self._clock.now()
        if declined:
            await self._close(row, SigningStatus.PENDING, SigningStatus.CANCELLED, "declined")
            return Declined(row)
        try:
            await self._attempts.guard(row.telegram_user_id)
        except TooManyAttempts as cooling:
            return Refused(row, cooling)
        async with self._uow() as uow:
            claimed = await uow.signing_requests.move(
                row.id, expected=(SigningStatus.PENDING,), to=SigningStatus.VERIFYING, now=now
            )
            await uow.commit()
        if not claimed:
            raise SigningRequestClosed(SigningStatus.VERIFYING.value)
        try:
            outcome = await self._verified(row, cms)
        except SIGNATURE_REFUSALS as refused:
            await self._refused(row, refused, now)
            return Refused(row, refused)
        except DomainError as reason:  # a good signature, but no referral: the place went
            await self._close(row, SigningStatus.VERIFYING, SigningStatus.CANCELLED, reason.code)
            return NotIssued(row, reason)
        await self._close(row, SigningStatus.VERIFYING, SigningStatus.SIGNED, "signed")
        return outcome

    async def _verified(self, row: SigningRequestRow, cms: bytes | None) -> Outcome:
        if not cms:
            raise NotASignature()
        if row.purpose is SigningPurpose.LOGIN:
            # R1: whoever signs logs in; eGov Mobile signs with the person's key, either kind.
            _signature, person = await self._eds.verify_signer(
                row.content, cms, (Purpose.LOGIN, Purpose.SIGNING)
            )
            return SignedIn(row, person)
        request = ReferralRequest.from_canonical_bytes(row.content)
        signature, _person = await self._eds.verify_signer(row.content, cms, (Purpose.SIGNING,))
        return ReferralSigned(row, await self._issuer.issue(request, signature))

    async def _refused(self, row: SigningRequestRow, refused: DomainError, now: datetime) -> None:
        """Back to pending (the phone may try again), counted (10 an hour per chat) and audited
        with its reason."""
        async with self._uow() as uow:
            await uow.signing_requests.move(
                row.id, expected=(SigningStatus.VERIFYING,), to=SigningStatus.PENDING
            )
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=Actor(ActorKind.PARENT, f"tg:{row.telegram_user_id}"),
                    action="egov_signature_refused",
                    change=Change(AuditEntity.SIGNING, row.id[:12]),
                    details={
                        "reason": refused.code,
                        "purpose": row.purpose.value,
                        "application_id": row.details.get("application_id"),
                    },
                )
            )
            await uow.commit()
        await self._attempts.failed(row.telegram_user_id)

    async def _close(
        self, row: SigningRequestRow, expected: SigningStatus, to: SigningStatus, outcome: str
    ) -> None:
        async with self._uow() as uow:
            moved = await uow.signing_requests.move(
                row.id,
                expected=(expected,),
                to=to,
                finished_at=self._clock.now(),
                outcome=outcome,
            )
            await uow.commit()
        if not moved:
            raise SigningRequestClosed(to.value)
