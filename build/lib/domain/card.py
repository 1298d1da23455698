"""What the card's one read (storage.repositories.cards) hands to services/cards.py: the
application and everything around it the card shows or decides by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.dto import ApplicationRow, ReferralRow
from domain.enums import Benefit


@dataclass(frozen=True, slots=True)
class HistoryRow:
    at: datetime
    action: str
    to_state: str | None
    actor: str


@dataclass(frozen=True, slots=True)
class CardFacts:
    application: ApplicationRow
    district_kk: str
    district_ru: str
    queue_code: str
    ratio_first: int | None
    ratio_general: int | None
    cursor: int
    child_surname: str | None
    child_name: str | None
    child_patronymic: str | None
    child_enrolled: bool
    offer_expires_at: datetime | None
    has_offer: bool
    referral: ReferralRow | None
    referral_kindergarten: tuple[str, str] | None
    waiting: dict[Benefit, int]
    before: int
    child_has_other_referral: bool
    free_choice_exists: bool
    history: list[HistoryRow]  # oldest first
