"""Signing where the key lives (eGov Mobile): one-time requests a parent's phone signs, for a
login (R1) or a referral (R10). Each has a random id and a one-time token; the database keeps the
token's hash, never the token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class SigningPurpose(StrEnum):
    LOGIN = "login"  # R1: a challenge with the time and the bot's name
    REFERRAL = "referral"  # R10: the canonical referral request


class SigningStatus(StrEnum):
    PENDING = "pending"  # offered, waiting for the phone
    SIGNED = "signed"  # used: the signature was accepted
    CANCELLED = "cancelled"  # by the parent, in the chat or in the app
    EXPIRED = "expired"  # its time ran out unused


@dataclass(frozen=True, slots=True)
class SigningRequestRow:
    id: str
    purpose: SigningPurpose
    telegram_user_id: int
    locale: str
    content: bytes
    details: dict[str, Any]
    status: SigningStatus
    chat_message_id: int | None
    created_at: datetime
    expires_at: datetime
    finished_at: datetime | None
    outcome: str | None
