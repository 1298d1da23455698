"""Signing where the key lives: eGov Mobile's one-time requests (R1 login, R10 referral), the
chat's side (EgovRequests) and the phone's side (EgovReceiver)."""

from services.egov.content import SigningDocument
from services.egov.outcomes import (
    Declined,
    Handout,
    NotIssued,
    Outcome,
    ReferralSigned,
    Refused,
    SignedIn,
)
from services.egov.receiver import EgovReceiver
from services.egov.requests import EgovRequests

__all__ = [
    "Declined",
    "EgovReceiver",
    "EgovRequests",
    "Handout",
    "NotIssued",
    "Outcome",
    "ReferralSigned",
    "Refused",
    "SignedIn",
    "SigningDocument",
]
