"""What the outbox sender works with: a claimed outbox row, the facts about its application and
parent at the moment of sending, what is delivered, and how a delivery ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from services.enums import ApplicationStatus, DocumentsStatus
from services.notices import Channel, NoticeEvent


class OutboxStatus:
    PENDING = "pending"
    SENDING = "sending"  # claimed by a sender under a lease
    SENT = "sent"
    FAILED = "failed"  # a permanent error, or too many attempts
    BLOCKED = "blocked"  # the parent blocked the bot (403)
    SKIPPED = "skipped"  # no longer true, or no address on this channel


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    channel: Channel
    event: NoticeEvent
    application_id: int | None
    payload: dict[str, Any]
    attempts: int
    due_at: datetime


@dataclass(frozen=True, slots=True)
class Facts:
    """The application and its parent as they are now."""

    application_id: int
    number: str
    status: ApplicationStatus
    child_name: str
    chat_id: int | None
    chat_blocked: bool
    locale: str | None
    email: str | None
    offer_expires_at: datetime | None  # the active offer (R8)
    referral_number: str | None  # the active referral (R12, R15, R17)
    referral_lapses_at: datetime | None
    referral_revocable_until: datetime | None
    referral_extended: bool  # R14 used
    documents_status: DocumentsStatus | None
    kindergarten_kk: str | None
    kindergarten_ru: str | None


@dataclass(frozen=True, slots=True)
class Envelope:
    """One message ready to go: to whom, in which language, with what words."""

    outbox_id: int
    channel: Channel
    address: str  # a chat id or an e-mail address
    subject: str
    text: str
    application_id: int | None
    button: str | None  # the label of the button that opens the application
    attempts: int


@dataclass(frozen=True, slots=True)
class Delivered:
    pass


@dataclass(frozen=True, slots=True)
class RetryAfter:
    """Telegram's 429: nothing more to anyone for this long."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Blocked:
    """Telegram's 403: the user blocked the bot or deleted their account."""

    reason: str


@dataclass(frozen=True, slots=True)
class Transient:
    """A network error or a server error: worth trying again later."""

    reason: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """A permanent error (chat not found, a refused address): trying again would not help."""

    reason: str


Outcome = Delivered | RetryAfter | Blocked | Transient | Rejected


class Delivery(Protocol):
    """One channel's way out (Telegram, e-mail). Never raises: every end is an Outcome."""

    channel: Channel

    async def deliver(self, envelope: Envelope) -> Outcome: ...


@dataclass
class DrainReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    skipped: int = 0
    rate_limited: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.blocked + self.skipped
