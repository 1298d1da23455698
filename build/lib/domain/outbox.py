"""The outbox as storage hands it to the sender: a row's statuses, a claimed row, and the facts
about its application and parent at the moment of sending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.enums import ApplicationStatus, DocumentsStatus
from domain.notices import Channel, NoticeEvent


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
