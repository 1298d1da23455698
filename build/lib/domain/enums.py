"""The vocabulary of the domain. The innermost module: storage and handlers both use it."""

from __future__ import annotations

from enum import StrEnum


class Benefit(StrEnum):
    OUT_OF_TURN = "out_of_turn"  # кезектен тыс / внеочередное
    FIRST = "first"  # бірінші кезектегі / первоочередное
    NONE = "none"

    @property
    def rank(self) -> int:
        return _BENEFIT_RANK[self]


_BENEFIT_RANK = {Benefit.OUT_OF_TURN: 0, Benefit.FIRST: 1, Benefit.NONE: 2}


class KindergartenKind(StrEnum):
    ORDINARY = "ordinary"
    SANATORIUM = "sanatorium"


class Language(StrEnum):
    KK = "kk"
    RU = "ru"


class ApplicationStatus(StrEnum):
    IN_QUEUE = "in_queue"  # Кезекте / В очереди
    NOTIFIED = "notified"  # Хабарлама жіберілді / Уведомление отправлено
    REFERRAL_ISSUED = "referral_issued"  # Жолдама берілді / Направление выдано
    ENROLLED = "enrolled"  # Балабақшаға қабылданды / Зачислен
    STOP_LISTED = "stop_listed"  # Стоп-тізімде / В стоп-листе
    REMOVED = "removed"  # Кезектен алынды / Снят с очереди


# The applications that hold a place in the queue (R6, R8: a notified applicant keeps it; R12: a
# stop-listed one keeps it and may obtain a referral again afterwards).
WAITING_STATUSES: tuple[ApplicationStatus, ...] = (
    ApplicationStatus.IN_QUEUE,
    ApplicationStatus.NOTIFIED,
    ApplicationStatus.STOP_LISTED,
)


class PlaceState(StrEnum):
    FREE = "free"  # published, waiting for the next allocation (R6)
    OFFERED = "offered"  # reserved for a notified application's R8 window
    FREE_CHOICE = "free_choice"  # R8 window passed: first come, first served
    TAKEN = "taken"  # held by a referral or by an enrolled child


class OfferStatus(StrEnum):
    ACTIVE = "active"
    USED = "used"  # a referral was issued
    EXPIRED = "expired"  # R8
    WITHDRAWN = "withdrawn"  # the application left the queue or was stop-listed meanwhile


class ReferralStatus(StrEnum):
    ACTIVE = "active"
    ENROLLED = "enrolled"  # the staff recorded the arrival (R12 closed)
    LAPSED = "lapsed"  # R12: cancelled automatically
    REVOKED = "revoked"  # R15: by the applicant


class DocumentsStatus(StrEnum):
    """R17, recorded by the kindergarten's staff."""

    NOT_REQUIRED = "not_required"
    PENDING = "pending"
    PRESENTED = "presented"
    NOT_PRESENTED = "not_presented"


class ActorKind(StrEnum):
    PARENT = "parent"
    STAFF = "staff"
    ADMINISTRATOR = "administrator"
    SCHEDULER = "scheduler"


class StaffRoleKind(StrEnum):
    """Who runs the queue through the bot (superadministrators come from ADMIN_IDS)."""

    DISTRICT_ADMIN = "district_admin"  # some districts
    STAFF = "staff"  # one kindergarten


class AuditEntity(StrEnum):
    APPLICATION = "application"
    PLACE = "place"
    REFERRAL = "referral"
    IMPORT = "import"
    CHILD = "child"
    ROLE = "role"
    BROADCAST = "broadcast"
    SIGNING = "signing"  # an eGov Mobile signing request
