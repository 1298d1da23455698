"""Notices: what a state change tells the parent, on which channel, and when (RULES.md
reminders). The values only; which notices a change causes and on which channels they go is
decided in services (services/notices.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class NoticeEvent(StrEnum):
    TURN_ARRIVED = "turn_arrived"  # R6
    OFFER_ENDING = "offer_ending"  # R8: 1 working day before the window ends
    REFERRAL_ISSUED = "referral_issued"  # R10/R17
    REVOCATION_ENDING = "revocation_ending"  # R15: 2 hours before the window closes
    ARRIVAL_ENDING = "arrival_ending"  # R12: 1 working day before the deadline
    REFERRAL_LAPSED = "referral_lapsed"  # R12: cancelled and stop-listed
    STOP_LIST_OVER = "stop_list_over"  # R12
    REMOVED = "removed"  # R13
    DOCUMENTS_REMINDER = "documents_reminder"  # R17
    BROADCAST = "broadcast"
    FREE_CHOICE = "free_choice"  # R8: a place of the pool passed into free choice (Settings)


class Channel(StrEnum):
    TELEGRAM = "telegram"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class Notice:
    application_id: int
    event: NoticeEvent
    # What makes this notice unique for its application: the offer, referral or deadline it is
    # about. The same change seen twice (a re-run sweep, a second instance) yields the same key.
    occasion: str
    at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    due_at: datetime | None = None  # a reminder: not to be sent before this instant

    @property
    def idempotency_key(self) -> str:
        return f"{self.event.value}:{self.application_id}:{self.occasion}"

    @property
    def send_at(self) -> datetime:
        return self.due_at or self.at
