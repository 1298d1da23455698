"""Every refusal a service can give, by name.

Each error carries a stable `code` that the chat layer maps to a localized sentence, and the
values that sentence needs in `params`. Services raise these; nothing else reaches a user.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(f"{self.code}: {params}" if params else self.code)


class InvalidIin(DomainError):
    code = "invalid_iin"

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(value=value, reason=reason)
        self.reason = reason


# --- lookups -----------------------------------------------------------------------------------
class NotFound(DomainError):
    code = "not_found"


class ApplicationNotFound(NotFound):
    code = "application_not_found"


class ReferralNotFound(NotFound):
    code = "referral_not_found"


class KindergartenNotFound(NotFound):
    code = "kindergarten_not_found"


class NotYourApplication(DomainError):
    """R3: the journal shows only the applications of the logged-in parent."""

    code = "not_your_application"


# --- queue and choosing (R5–R9) ----------------------------------------------------------------
class NotEligible(DomainError):
    """R5: choosing is not open to this application; `reason` says which condition fails."""

    code = "not_eligible"

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason=reason, **params)
        self.reason = reason


class AlertsWhileWaiting(DomainError):
    """Free-choice alerts are for an application that waits in the queue (R8)."""

    code = "alerts_while_waiting"


class NotInYourQueue(DomainError):
    """A kindergarten that is not of the application's queue and kind (a forged button)."""

    code = "not_in_your_queue"


class TooManyKindergartens(DomainError):
    code = "too_many_kindergartens"

    def __init__(self, maximum: int) -> None:
        super().__init__(maximum=maximum)


class PlaceNoLongerFree(DomainError):
    """R10: somebody else took the last place of this choice first."""

    code = "place_no_longer_free"


class StopListed(DomainError):
    """R12: no referral while stop-listed."""

    code = "stop_listed"

    def __init__(self, until: datetime) -> None:
        super().__init__(until=until)
        self.until = until


# --- referrals (R10–R17) -----------------------------------------------------------------------
class SignerIsNotApplicant(DomainError):
    """R10: the signer's IIN must be the applicant's."""

    code = "signer_is_not_applicant"


class ReferralNotActive(DomainError):
    code = "referral_not_active"

    def __init__(self, status: str) -> None:
        super().__init__(status=status)


class RevocationWindowClosed(DomainError):
    """R15: only within 24 hours of issue."""

    code = "revocation_window_closed"

    def __init__(self, closed_at: datetime) -> None:
        super().__init__(closed_at=closed_at)


class AlreadyExtended(DomainError):
    """R14: one extension per referral."""

    code = "already_extended"


class ExtensionOutOfRange(DomainError):
    """R14: 1 to 30 calendar days."""

    code = "extension_out_of_range"

    def __init__(self, days: int, maximum: int) -> None:
        super().__init__(days=days, maximum=maximum)


class ReferralLapsed(DomainError):
    """R14: an extension must come before the referral lapses."""

    code = "referral_lapsed"


class WrongKindergarten(DomainError):
    """Staff act only on the referrals and children of their own kindergarten."""

    code = "wrong_kindergarten"


class ChildNotEnrolled(DomainError):
    code = "child_not_enrolled"


class DocumentsNotRequired(DomainError):
    """R17 applies only to referrals obtained under a benefit."""

    code = "documents_not_required"


class SignatureDoesNotMatch(DomainError):
    """The signed bytes are not those of this referral request."""

    code = "signature_does_not_match"


class ChoiceNotAvailable(DomainError):
    """The chosen kindergarten, language or group year is not open to this application."""

    code = "choice_not_available"


class OfferWindowClosed(DomainError):
    """R8: the turn's window ended while the parent was choosing."""

    code = "offer_window_closed"


class NotLoggedIn(DomainError):
    """R1: the session expired or the parent logged out."""

    code = "not_logged_in"


class InvalidEmail(DomainError):
    code = "invalid_email"


class NotOwnContact(DomainError):
    """R2: the phone must come from the parent's own contact, shared with the button."""

    code = "not_own_contact"


class ApplicationNotAttachable(DomainError):
    """R3: the child's record does not name this parent (or there is no such application)."""

    code = "application_not_attachable"


# --- staff and administrators (issue 6) --------------------------------------------------------
class NoRole(DomainError):
    """The user has no role that allows this: the chat answers as to an unknown command."""

    code = "no_role"


class OutOfScope(DomainError):
    """The role exists but does not cover this district, kindergarten or application."""

    code = "out_of_scope"


class UnknownDistrict(NotFound):
    code = "unknown_district"

    def __init__(self, value: str) -> None:
        super().__init__(value=value)


class UnknownKindergarten(NotFound):
    code = "unknown_kindergarten"

    def __init__(self, value: str) -> None:
        super().__init__(value=value)


class InvalidCommand(DomainError):
    """A staff command's argument is malformed; `problem` names which and how."""

    code = "invalid_command"

    def __init__(self, problem: str, **params: object) -> None:
        super().__init__(problem=problem, **params)
        self.problem = problem


class ReasonRequired(DomainError):
    """Lifting a stop-list or restoring an application needs a written reason (audited)."""

    code = "reason_required"


class WrongApplicationState(DomainError):
    code = "wrong_application_state"

    def __init__(self, status: str) -> None:
        super().__init__(status=status)
