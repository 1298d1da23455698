"""Signing where the key lives: eGov Mobile's one-time requests (R1 login, R10 referral)."""

from services.egov.content import SigningDocument
from services.egov.service import (
    Declined,
    EgovSigning,
    Handout,
    NotIssued,
    Outcome,
    ReferralSigned,
    Refused,
    SignedIn,
)

__all__ = [
    "Declined",
    "EgovSigning",
    "Handout",
    "NotIssued",
    "Outcome",
    "ReferralSigned",
    "Refused",
    "SignedIn",
    "SigningDocument",
]
