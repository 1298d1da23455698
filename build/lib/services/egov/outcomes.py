"""How an eGov Mobile request ends, as the phone's side hands it to the chat's side."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from domain.signing import SigningPurpose, SigningRequestRow
from services.eds import Person
from services.egov.content import SigningDocument
from services.errors import DomainError
from services.referrals import IssuedReferral

LIFETIME = {
    SigningPurpose.LOGIN: timedelta(minutes=5),
    SigningPurpose.REFERRAL: timedelta(minutes=15),
}


@dataclass(frozen=True, slots=True)
class SignedIn:
    """R1: the key's owner, to be shown with «Кіру / Войти»."""

    request: SigningRequestRow
    person: Person

    @property
    def metric(self) -> str:
        return "signed"


@dataclass(frozen=True, slots=True)
class ReferralSigned:
    request: SigningRequestRow
    issued: IssuedReferral

    @property
    def metric(self) -> str:
        return "signed"


@dataclass(frozen=True, slots=True)
class NotIssued:
    """A good signature, but the referral could not be issued (the place went meanwhile)."""

    request: SigningRequestRow
    reason: DomainError

    @property
    def metric(self) -> str:
        return "not_issued"


@dataclass(frozen=True, slots=True)
class Declined:
    """The person declined in the app."""

    request: SigningRequestRow

    @property
    def metric(self) -> str:
        return "declined"


@dataclass(frozen=True, slots=True)
class Refused:
    """The signature was refused (expired key, another person's, tampered, GOST…): counted,
    audited, and the request open again for another try."""

    request: SigningRequestRow
    reason: DomainError

    @property
    def metric(self) -> str:
        return "refused"


@dataclass(frozen=True, slots=True)
class Handout:
    """API №1's answer: the request, its one-time token, and what the app will show."""

    request: SigningRequestRow
    token: str
    document: SigningDocument


Outcome = SignedIn | ReferralSigned | NotIssued | Declined | Refused


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
