"""R11: the referral document and its verification."""

from services.documents.service import (
    DocumentService,
    ReferralDocument,
    SignatureVerifier,
    Verification,
    VerificationLink,
)

__all__ = [
    "DocumentService",
    "ReferralDocument",
    "SignatureVerifier",
    "Verification",
    "VerificationLink",
]
