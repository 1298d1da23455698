"""What storage hands to services and services hand back: frozen values with no database behind
them.

This module is long because it is the vocabulary of rows every layer shares: one place to look up
what an application, a referral or a place looks like outside the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.enums import (
    ApplicationStatus,
    Benefit,
    DocumentsStatus,
    KindergartenKind,
    Language,
    PlaceState,
    ReferralStatus,
    StaffRoleKind,
)
from domain.queue_order import Ahead, Ratio


@dataclass(frozen=True, slots=True)
class Pool:
    """One queue's applications and places of one group year and kind (R6)."""

    queue_id: int
    group_year: int
    kind: KindergartenKind


@dataclass(frozen=True, slots=True)
class QueueInfo:
    id: int
    code: str
    ratio: Ratio | None


@dataclass(frozen=True, slots=True)
class DistrictRow:
    id: int
    code: str
    name_kk: str
    name_ru: str
    queue_id: int


@dataclass(frozen=True, slots=True)
class ApplicationRow:
    id: int
    number: str
    child_iin: str
    child_birth_date: date
    group_year: int
    applicant_iin: str
    district_id: int
    queue_id: int
    kind: KindergartenKind
    language: Language
    benefit: Benefit
    submitted_at: datetime
    status: ApplicationStatus
    status_changed_at: datetime
    misses: int
    stop_listed_until: datetime | None

    @property
    def pool(self) -> Pool:
        return Pool(self.queue_id, self.group_year, self.kind)


@dataclass(frozen=True, slots=True)
class Position:
    position: int
    ahead: Ahead


@dataclass(frozen=True, slots=True)
class OfferRow:
    id: int
    application_id: int
    place_id: int
    offered_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class PlaceRow:
    id: int
    kindergarten_id: int
    queue_id: int
    kind: KindergartenKind
    group_year: int
    language: Language
    state: PlaceState
    holder_application_id: int | None


@dataclass(frozen=True, slots=True)
class KindergartenRow:
    id: int
    code: str
    district_id: int
    kind: KindergartenKind
    name_kk: str
    name_ru: str
    address_kk: str
    address_ru: str
    languages: str  # as stored: "kk", "ru" or "kk+ru"
    latitude: float | None = None
    longitude: float | None = None

    @property
    def taught(self) -> tuple[Language, ...]:
        """The languages its groups are taught in."""
        return tuple(Language(code) for code in self.languages.split(LANGUAGE_JOINER))


LANGUAGE_JOINER = "+"  # a kindergarten with Kazakh and Russian groups: "kk+ru"


@dataclass(frozen=True, slots=True)
class ReferralRow:
    id: int
    number: str
    application_id: int
    place_id: int
    kindergarten_id: int
    status: ReferralStatus
    requested_at: datetime
    issued_at: datetime
    lapses_at: datetime
    revocable_until: datetime
    extended_days: int
    closed_at: datetime | None
    signer_iin: str
    signer_name: str
    verification_code: str
    documents_status: DocumentsStatus
    documents_due_at: datetime | None


@dataclass(frozen=True, slots=True)
class OfferView:
    kindergarten_code: str
    kindergarten_id: int
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ReferralView:
    number: str
    kindergarten_code: str
    status: ReferralStatus
    issued_at: datetime
    lapses_at: datetime
    revocable_until: datetime
    extended: bool
    extended_days: int
    verification_code: str
    documents_status: DocumentsStatus
    documents_due_at: datetime | None


@dataclass(frozen=True, slots=True)
class ApplicationStatusView:
    """The state of one application, as `python -m bot status NUMBER --json` prints it."""

    application: ApplicationRow
    queue_code: str
    position: Position | None
    offer: OfferView | None
    referral: ReferralView | None


@dataclass(frozen=True, slots=True)
class PlaceChoice:
    """A line of the R9 list: free places of one kindergarten, language and group year."""

    kindergarten_id: int
    kindergarten_code: str
    district_id: int
    district_kk: str
    district_ru: str
    name_kk: str
    name_ru: str
    address_kk: str
    address_ru: str
    language: Language
    group_year: int
    free_count: int
    latitude: float | None = None
    longitude: float | None = None

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


@dataclass(frozen=True, slots=True)
class DueLapse:
    """R12: an active referral past its deadline, with what the lapse needs of its application."""

    referral_id: int
    number: str
    place_id: int
    lapses_at: datetime
    application_id: int
    application_status: ApplicationStatus
    misses: int


@dataclass(frozen=True, slots=True)
class RoleGrant:
    """One stored role: a district administrator's district or a staff member's kindergarten."""

    telegram_user_id: int
    role: StaffRoleKind
    district_id: int | None
    district_code: str | None
    kindergarten_id: int | None
    kindergarten_code: str | None
    kindergarten_district_id: int | None


@dataclass(frozen=True, slots=True)
class ExpectedArrival:
    """An active referral to a kindergarten, as its staff see it (R12: the child should come)."""

    referral: ReferralRow
    application_number: str
    child_iin: str
    group_year: int
    language: Language
    child_name: str  # empty when the child's record was never imported


@dataclass(frozen=True, slots=True)
class ExportRow:
    """An application as the administrators' CSV export has it: the import's columns first."""

    number: str
    child_iin: str
    applicant_iin: str
    district_code: str
    kind: KindergartenKind
    language: Language
    benefit: Benefit
    submitted_at: datetime
    group_year: int
    status: ApplicationStatus
    status_changed_at: datetime
    misses: int
    stop_listed_until: datetime | None


@dataclass(frozen=True, slots=True)
class IdentityRecord:
    """What the chat reads of a Telegram user on every update: the chat's language and, when it
    is logged in, the session's parent (their name and contacts) and when the session ends."""

    locale: str | None
    iin: str | None
    expires_at: datetime | None
    full_name: str | None
    email: str | None
    phone: str | None


NOBODY = IdentityRecord(None, None, None, None, None, None)  # a user the bot has never seen
