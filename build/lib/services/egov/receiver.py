"""R1 and R10 where the key lives: a parent logs in and signs the referral in eGov Mobile. The
service hands the app a one-time request, the app hands back a CMS, and the CMS is verified
exactly as a key-file signature is (services/eds): the content must be the offered bytes, then
the chain, revocation, a personal key of the right purpose, and the IIN rules.

A request's life: pending → signed, cancelled or expired, each a compare-and-set from pending.
A signature is verified first, outside any transaction; the request is then marked signed in the
very transaction that issues the referral, so the two happen together or not at all, and of two
PUTs at the same moment one wins and the other finds the request used. A refused signature
leaves the request pending (the phone may try again); the refusal is counted and audited."""

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
from services.metering import Meter, NoMeter
from services.referrals import ReferralIssuer, ReferralRequest
from services.referrals.issue import SameTransaction
from services.texts import Translator
from storage.uow import UnitOfWork, UnitOfWorkFactory

# A refused signature: the phone may send another (the request stays pending).
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
        meter: Meter | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._t = translator
        self._eds = eds
        self._issuer = issuer
        self._attempts = attempts
        self._meter = meter or NoMeter()

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
        async with self._uow.read() as uow:
            row = self._checked(await uow.signing_requests.with_token_hash(request_id), token)
        return row, document_of(row, reader_language(row, accept_language), self._t)

    async def submit(
        self, request_id: str, token: str, cms: bytes | None, *, declined: bool = False
    ) -> Outcome:
        """API №2 PUT: the app's signature (or the person's "no")."""
        async with self._uow.read() as uow:  # one look before the signature is checked
            row = self._checked(await uow.signing_requests.with_token_hash(request_id), token)
            cooling = await self._attempts.cooling(uow, row.telegram_user_id)
        return await self._finish(row, cms, declined, cooling)

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
            cooling = await self._attempts.cooling(uow, row.telegram_user_id)
        return await self._finish(row, cms, declined, cooling)

    def _check_open(self, row: SigningRequestRow) -> None:
        if row.status is not SigningStatus.PENDING:
            raise SigningRequestClosed(row.status.value)
        if row.expires_at <= self._clock.now():
            raise SigningRequestClosed(SigningStatus.EXPIRED.value)

    def _checked(
        self, found: tuple[SigningRequestRow, str] | None, token: str
    ) -> SigningRequestRow:
        """The request, if the token is its current one (compared in constant time) and the
        request is still open."""
        if found is None:
            raise SigningRequestUnknown()
        row, stored = found
        if not hmac.compare_digest(stored, token_hash(token)):
            raise WrongSigningToken()
        self._check_open(row)
        return row

    async def _finish(
        self,
        row: SigningRequestRow,
        cms: bytes | None,
        declined: bool,
        cooling: TooManyAttempts | None,
    ) -> Outcome:
        outcome = await self._outcome(row, cms, declined, cooling)
        self._meter.signing_ended(row.purpose.value, outcome.metric)
        return outcome

    async def _outcome(
        self,
        row: SigningRequestRow,
        cms: bytes | None,
        declined: bool,
        cooling: TooManyAttempts | None,
    ) -> Outcome:
        if declined:
            await self._settle(row, SigningStatus.CANCELLED, "declined")
            return Declined(row)
        if cooling is not None:  # 10 refused signatures this hour
            return Refused(row, cooling)
        try:
            return await self._verified(row, cms)
        except SigningRequestClosed:  # another PUT won, or the request expired meanwhile
            raise
        except SIGNATURE_REFUSALS as refused:
            await self._refused(row, refused, self._clock.now())
            return Refused(row, refused)
        except DomainError as reason:  # a good signature, but no referral: the place went
            await self._settle(row, SigningStatus.CANCELLED, reason.code)
            return NotIssued(row, reason)

    async def _verified(self, row: SigningRequestRow, cms: bytes | None) -> Outcome:
        if not cms:
            raise NotASignature()
        if row.purpose is SigningPurpose.LOGIN:
            # R1: whoever signs logs in; eGov Mobile signs with the person's key, either kind.
            _signature, person = await self._eds.verify_signer(
                row.content, cms, (Purpose.LOGIN, Purpose.SIGNING)
            )
            await self._settle(row, SigningStatus.SIGNED, "signed")
            return SignedIn(row, person)
        request = ReferralRequest.from_canonical_bytes(row.content)
        signature, _person = await self._eds.verify_signer(row.content, cms, (Purpose.SIGNING,))
        issued = await self._issuer.issue(request, signature, also=self._mark_signed(row))
        return ReferralSigned(row, issued)

    def _mark_signed(self, row: SigningRequestRow) -> SameTransaction:
        async def mark(uow: UnitOfWork) -> None:
            if not await self._move(uow, row, SigningStatus.SIGNED, "signed"):
                raise SigningRequestClosed(SigningStatus.SIGNED.value)

        return mark

    async def _move(
        self, uow: UnitOfWork, row: SigningRequestRow, to: SigningStatus, outcome: str
    ) -> bool:
        """Pending → `to`, only while the request has not expired."""
        return await uow.signing_requests.finish(
            row.id, to=to, now=self._clock.now(), outcome=outcome
        )

    async def _settle(self, row: SigningRequestRow, to: SigningStatus, outcome: str) -> None:
        async with self._uow() as uow:
            moved = await self._move(uow, row, to, outcome)
            await uow.commit()
        if not moved:
            raise SigningRequestClosed(to.value)

    async def _refused(self, row: SigningRequestRow, refused: DomainError, now: datetime) -> None:
        """Counted (10 an hour per chat) and audited with its reason; the request stays
        pending, so the phone may try again."""
        async with self._uow() as uow:
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
