"""Referrals (R10–R17): the request, the issue, the applicant's actions, the staff's records,
the lapses. (Signing with a key file in the chat is services.referrals.key_file: it needs the EDS
service, which itself needs this package's VerifiedSignature.)"""

from services.referrals.issue import IssuedReferral, ReferralIssuer
from services.referrals.lapses import LapseService
from services.referrals.parent_actions import ReferralParentActions
from services.referrals.requests import PreparedRequest, ReferralRequests, RequestView
from services.referrals.signing import ReferralRequest, VerifiedSignature
from services.referrals.staff_actions import ReferralStaffActions

__all__ = [
    "IssuedReferral",
    "LapseService",
    "PreparedRequest",
    "ReferralIssuer",
    "ReferralParentActions",
    "ReferralRequest",
    "ReferralRequests",
    "ReferralStaffActions",
    "RequestView",
    "VerifiedSignature",
]
