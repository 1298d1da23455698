"""What the outbox sender delivers, and how a delivery ended (the rows it claims are
domain.outbox's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from domain.notices import Channel


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
    opens_places: bool = False  # the button opens the free places instead (R8's alerts)


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
