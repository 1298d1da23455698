"""The tables. Every deadline is a column, so any sweep can be recomputed after downtime.

This module is long because the schema is one piece: alembic compares this metadata with the
database as a whole, the tables' foreign keys and indexes name each other, and a reader looking
for "where is X stored" finds every table here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from domain.enums import (
    ActorKind,
    ApplicationStatus,
    Benefit,
    DocumentsStatus,
    KindergartenKind,
    Language,
    OfferStatus,
    PlaceState,
    ReferralStatus,
    StaffRoleKind,
)
from domain.signing import SigningPurpose, SigningStatus
from storage.types import ConstantEnum, UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(kind: type[Any], name: str) -> ConstantEnum:
    # Stored as the value string with a CHECK constraint: readable in SQL, same on both databases.
    return ConstantEnum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
    }


class Queue(Base):
    """One queue (R6): a district's own, or one shared by the districts of a city."""

    __tablename__ = "queues"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    ratio_first: Mapped[int | None]
    ratio_general: Mapped[int | None]


class QueueCursor(Base):
    """Where the interleave cycle of one (queue, group year, kind) stands between allocations."""

    __tablename__ = "queue_cursors"
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"), primary_key=True)
    group_year: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[KindergartenKind] = mapped_column(
        _enum(KindergartenKind, "kg_kind"), primary_key=True
    )
    cursor: Mapped[int] = mapped_column(default=0)


class District(Base):
    __tablename__ = "districts"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"), index=True)


class Kindergarten(Base):
    __tablename__ = "kindergartens"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    kind: Mapped[KindergartenKind] = mapped_column(_enum(KindergartenKind, "kg_kind"))
    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    address_kk: Mapped[str] = mapped_column(String(300))
    address_ru: Mapped[str] = mapped_column(String(300))
    languages: Mapped[str] = mapped_column(String(8))  # "kk", "ru" or "kk+ru"
    # Optional, inside Kazakhstan (services/imports): "near me" sorts by them, the map shows them.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]


class Place(Base):
    """One free place (R6, R8): published by an administrator, then offered, free-choice, taken."""

    __tablename__ = "places"
    id: Mapped[int] = mapped_column(primary_key=True)
    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergartens.id"))
    # Copied from the kindergarten so that the allocation finds a pool with one index.
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"))
    kind: Mapped[KindergartenKind] = mapped_column(_enum(KindergartenKind, "kg_kind"))
    group_year: Mapped[int]
    language: Mapped[Language] = mapped_column(_enum(Language, "language"))
    state: Mapped[PlaceState] = mapped_column(_enum(PlaceState, "place_state"))
    holder_application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    published_at: Mapped[datetime]
    state_changed_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_places_pool", "queue_id", "group_year", "kind", "state"),
        Index("ix_places_kindergarten", "kindergarten_id", "group_year", "language", "state"),
    )


class Child(Base):
    __tablename__ = "children"
    iin: Mapped[str] = mapped_column(String(12), primary_key=True)
    surname: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[date] = mapped_column(Date)
    # R16: the preschool organisation the child attends now, until its staff record the discharge.
    enrolled_kindergarten_id: Mapped[int | None] = mapped_column(ForeignKey("kindergartens.id"))


class ChildParent(Base):
    """R3: the parents a child's record names; they may attach the child's application."""

    __tablename__ = "child_parents"
    child_iin: Mapped[str] = mapped_column(ForeignKey("children.iin"), primary_key=True)
    parent_iin: Mapped[str] = mapped_column(String(12), primary_key=True, index=True)


class Application(Base):
    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    # No foreign key: applications may be imported before (or without) the child's record.
    child_iin: Mapped[str] = mapped_column(String(12))
    child_birth_date: Mapped[date] = mapped_column(Date)
    group_year: Mapped[int]
    applicant_iin: Mapped[str] = mapped_column(String(12), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"))
    kind: Mapped[KindergartenKind] = mapped_column(_enum(KindergartenKind, "kg_kind"))
    language: Mapped[Language] = mapped_column(_enum(Language, "language"))
    benefit: Mapped[Benefit] = mapped_column(_enum(Benefit, "benefit"))
    submitted_at: Mapped[datetime]
    status: Mapped[ApplicationStatus] = mapped_column(_enum(ApplicationStatus, "app_status"))
    status_changed_at: Mapped[datetime]
    misses: Mapped[int] = mapped_column(default=0)  # R13
    stop_listed_until: Mapped[datetime | None]  # R12
    # When the product first had it (its import): "added ahead" on the card counts by it. Empty
    # for the applications imported before the column existed.
    added_at: Mapped[datetime | None]

    __table_args__ = (
        # R6: one index answers both "who is next" and "how many are ahead".
        Index(
            "ix_applications_queue_order",
            "queue_id",
            "group_year",
            "kind",
            "status",
            "benefit",
            "submitted_at",
            "id",
        ),
        # Not (child_iin, status): a status change would then move an index entry too, and a
        # child has one or two applications to look through.
        Index("ix_applications_child", "child_iin"),
        # Partial indexes on the deadline columns: a sweep finds what is due without the planner
        # ever mistaking a status column for a selective one.
        # R5's "no active referral for the child" of every allocation: a probe of the few
        # children holding one. Without it PostgreSQL estimates the set as one row and reads the
        # whole table for it in each candidates query.
        Index(
            "ix_applications_child_referral",
            "child_iin",
            sqlite_where=text("status = 'referral_issued'"),
            postgresql_where=text("status = 'referral_issued'"),
        ),
        Index(
            "ix_applications_stop_list_due",
            "stop_listed_until",
            sqlite_where=text("status = 'stop_listed'"),
            postgresql_where=text("status = 'stop_listed'"),
        ),
    )


class Offer(Base):
    """R6/R8: a place reserved for a notified application until its window ends."""

    __tablename__ = "offers"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"))
    offered_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    status: Mapped[OfferStatus] = mapped_column(_enum(OfferStatus, "offer_status"))
    closed_at: Mapped[datetime | None]

    __table_args__ = (
        Index(
            "ix_offers_due",
            "expires_at",
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_offers_application", "application_id", "status"),
        Index("ix_offers_place", "place_id", "status"),
        Index(
            "uq_offers_one_active_per_application",
            "application_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )


class Referral(Base):
    """R10–R17: the referral (жолдама / направление) to one place."""

    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    kindergarten_id: Mapped[int] = mapped_column(ForeignKey("kindergartens.id"))
    status: Mapped[ReferralStatus] = mapped_column(_enum(ReferralStatus, "referral_status"))
    requested_at: Mapped[datetime]
    issued_at: Mapped[datetime]
    lapses_at: Mapped[datetime]  # R12, moved once by R14
    revocable_until: Mapped[datetime]  # R15
    extended_days: Mapped[int] = mapped_column(default=0)  # R14: 0 = not extended
    closed_at: Mapped[datetime | None]
    signer_iin: Mapped[str] = mapped_column(String(12))
    signer_name: Mapped[str] = mapped_column(String(300))
    signed_content: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[bytes] = mapped_column(LargeBinary)  # detached CMS over signed_content
    verification_code: Mapped[str] = mapped_column(String(32), unique=True)
    documents_status: Mapped[DocumentsStatus] = mapped_column(_enum(DocumentsStatus, "docs_status"))
    documents_due_at: Mapped[datetime | None]  # R17

    __table_args__ = (
        Index(
            "ix_referrals_due",
            "lapses_at",
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_referrals_kindergarten", "kindergarten_id", "status"),
        Index(
            "uq_referrals_one_active_per_application",
            "application_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index(
            "uq_referrals_one_active_per_place",
            "place_id",
            unique=True,
            sqlite_where=text("status IN ('active', 'enrolled')"),
            postgresql_where=text("status IN ('active', 'enrolled')"),
        ),
    )


class AuditEntry(Base):
    """Every state change, who made it and when (RULES.md, "decided"). One row per event; the
    changes of other entities in the same event are listed in `details["also"]`."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime]
    actor_kind: Mapped[ActorKind] = mapped_column(_enum(ActorKind, "actor_kind"))
    actor_id: Mapped[str] = mapped_column(String(64))
    # The application whose history this event belongs to, if any (its card shows them all).
    application_id: Mapped[int | None] = mapped_column(index=True)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    details: Mapped[dict[str, Any] | None]

    # An application's history is found by `application_id`; this index serves the events that
    # belong to no application (roles, published places, imports, discharges, broadcasts), and
    # the sweeps' many application events do not pay for it.
    __table_args__ = (
        Index(
            "ix_audit_entity",
            "entity",
            "entity_id",
            "at",
            sqlite_where=text("application_id IS NULL"),
            postgresql_where=text("application_id IS NULL"),
        ),
    )


class OutboxMessage(Base):
    """A notification caused by a state change, written in the same transaction (the outbox)."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(10))  # telegram | email
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    # pending → sending (claimed under a lease) → sent | failed | blocked | skipped
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]  # a reminder's moment, or when to retry
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    recipient: Mapped[str | None] = mapped_column(String(254))  # the chat or address used
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("idempotency_key", "channel", name="uq_outbox_key_channel"),
        Index(
            "ix_outbox_pending",
            "channel",
            "next_attempt_at",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        Index(
            "ix_outbox_leases",
            "channel",
            "lease_until",
            sqlite_where=text("status = 'sending'"),
            postgresql_where=text("status = 'sending'"),
        ),
    )


# The plain tables, for Core bulk inserts that need no ORM bookkeeping.
APPLICATIONS_TABLE = cast(Table, Application.__table__)
AUDIT_TABLE = cast(Table, AuditEntry.__table__)
OUTBOX_TABLE = cast(Table, OutboxMessage.__table__)


class PasswordFailure(Base):
    """A wrong EDS password (abuse guard: a few per user in a window, then a cool-down). Only
    who and when: never the password or the key."""

    __tablename__ = "password_failures"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime]
    # "password": a wrong key-file password; "signature": a signature eGov Mobile sent that was
    # refused (the same guard: at most so many per user in a window).
    kind: Mapped[str] = mapped_column(String(16), server_default="password")

    __table_args__ = (Index("ix_password_failures_user", "telegram_user_id", "kind", "at"),)


class SigningRequest(Base):
    """A one-time signing request for eGov Mobile (domain.signing): its id is random, its token
    is kept only as a SHA-256 hash, and its message in the chat is edited when it ends."""

    __tablename__ = "signing_requests"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[SigningPurpose] = mapped_column(_enum(SigningPurpose, "signing_purpose"))
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    locale: Mapped[str] = mapped_column(String(8))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    details: Mapped[dict[str, Any]]
    status: Mapped[SigningStatus] = mapped_column(_enum(SigningStatus, "signing_status"))
    chat_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        # The expiry sweep finds the open requests whose time ran out.
        Index(
            "ix_signing_requests_due",
            "expires_at",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )


class TelegramUser(Base):
    """A chat with the bot: its language, and whether it still accepts messages."""

    __tablename__ = "telegram_users"
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    locale: Mapped[str | None] = mapped_column(String(2))
    first_seen_at: Mapped[datetime]
    blocked_at: Mapped[datetime | None]  # the user blocked the bot (a 403 from Telegram)
    # The parent last logged in from this chat: their notifications come here, also after the
    # login session itself has expired, until they log out.
    parent_iin: Mapped[str | None] = mapped_column(String(12), index=True)


class StaffRole(Base):
    """A district administrator's district or a staff member's kindergarten (one row per scope)."""

    __tablename__ = "staff_roles"
    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    role: Mapped[StaffRoleKind] = mapped_column(_enum(StaffRoleKind, "staff_role"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    kindergarten_id: Mapped[int | None] = mapped_column(ForeignKey("kindergartens.id"))
    granted_by: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime]


class ParentAccount(Base):
    """A parent who logged in with EDS (R1, R2)."""

    __tablename__ = "parent_accounts"
    iin: Mapped[str] = mapped_column(String(12), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class LoginSession(Base):
    """Which parent a Telegram user is logged in as, until when."""

    __tablename__ = "login_sessions"
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    iin: Mapped[str] = mapped_column(ForeignKey("parent_accounts.iin"), index=True)
    certificate_serial: Mapped[str] = mapped_column(String(80))
    started_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class FsmRecord(Base):
    """The chat's conversation state (aiogram FSM), kept in the database so that it survives a
    restart. Never a key file or a password: only what a step needs to continue."""

    __tablename__ = "fsm_states"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, Any] | None]
    updated_at: Mapped[datetime]


class CardView(Base):
    """What a parent last saw on an application's card: its place in the queue, and when. The
    card explains a move since then (services/moves.py)."""

    __tablename__ = "card_views"
    parent_iin: Mapped[str] = mapped_column(String(12), primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), primary_key=True)
    position: Mapped[int]
    seen_at: Mapped[datetime]


class FreeChoiceAlert(Base):
    """R8's free-choice places, announced to the parents who asked (Settings): one row per
    application; `kindergartens` the chosen ids (at most 5), empty for every kindergarten of the
    application's pool."""

    __tablename__ = "free_choice_alerts"
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), primary_key=True)
    kindergartens: Mapped[list[int]] = mapped_column(JSON())
    since: Mapped[datetime]
