"""Referrals (R10–R17): issue, the applicant's actions, the staff's records, the lapses."""

from services.referrals.issue import ReferralIssuer
from services.referrals.lapses import LapseService
from services.referrals.parent_actions import ReferralParentActions
from services.referrals.signing import ReferralRequest, VerifiedSignature
from services.referrals.staff_actions import ReferralStaffActions

__all__ = [
    "LapseService",
    "ReferralIssuer",
    "ReferralParentActions",
    "ReferralRequest",
    "ReferralStaffActions",
    "VerifiedSignature",
]
