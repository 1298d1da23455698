"""R14 and R15, in one place: what the applicant may still do with a referral. The card's
buttons and the actions themselves both ask here, so a button is shown exactly when its action
would be accepted (services/journal.py, services/referrals/parent_actions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.dto import ReferralRow
from domain.enums import ReferralStatus

MAX_EXTENSION_DAYS = 30  # R14: by up to 30 calendar days


class Refusal(StrEnum):
    NOT_ACTIVE = "not_active"  # lapsed, revoked or used
    WINDOW_CLOSED = "window_closed"  # R15: 24 hours after the issue
    ALREADY_EXTENDED = "already_extended"  # R14: once
    LAPSED = "lapsed"  # R14: only before the referral lapses


@dataclass(frozen=True, slots=True)
class Refused:
    refusal: Refusal
    status: ReferralStatus  # the referral's, for NOT_ACTIVE's sentence
    at: datetime | None = None  # WINDOW_CLOSED: when it closed


def revocation_refused(referral: ReferralRow, now: datetime) -> Refused | None:
    """R15: the applicant may revoke within 24 hours of the issue."""
    if referral.status is not ReferralStatus.ACTIVE:
        return Refused(Refusal.NOT_ACTIVE, referral.status)
    if now > referral.revocable_until:
        return Refused(Refusal.WINDOW_CLOSED, referral.status, referral.revocable_until)
    return None


def extension_refused(referral: ReferralRow, now: datetime) -> Refused | None:
    """R14: once, before the referral lapses."""
    if referral.status is not ReferralStatus.ACTIVE:
        return Refused(Refusal.NOT_ACTIVE, referral.status)
    if referral.extended_days:
        return Refused(Refusal.ALREADY_EXTENDED, referral.status)
    if now > referral.lapses_at:
        return Refused(Refusal.LAPSED, referral.status)
    return None
