"""An application's card (R3, R5, R6, R12–R17): its status, place in the queue, running
deadlines, what may be done now and its history, built from the card's one read
(storage.repositories.cards). What may be done is asked of the rules themselves
(domain.eligibility, domain.referral_actions), so the buttons and the actions always agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.card import CardFacts
from domain.dto import ApplicationRow, Position, ReferralRow
from domain.eligibility import ChoiceFacts, Closed, choice
from domain.enums import (
    ApplicationStatus,
    Benefit,
    DocumentsStatus,
    KindergartenKind,
    Language,
    ReferralStatus,
)
from domain.queue_order import Ratio
from domain.referral_actions import extension_refused, revocation_refused
from services.calendar import WorkCalendar
from services.clock import to_almaty
from services.eligibility import closed_error
from services.errors import DomainError
from services.forecast import Forecast, NotEnoughData
from services.iin import mask_iin
from services.moves import Move
from services.queue import position_from

HISTORY_LIMIT = 8


@dataclass(frozen=True, slots=True)
class ChildName:
    surname: str
    name: str
    patronymic: str
    masked_iin: str

    @property
    def short(self) -> str:
        return " ".join(p for p in (self.surname, self.name) if p)


@dataclass(frozen=True, slots=True)
class ApplicationSummary:
    id: int
    number: str
    child: ChildName
    status: ApplicationStatus
    group_year: int
    kind: KindergartenKind


@dataclass(frozen=True, slots=True)
class Deadline:
    """One running deadline, with how much is left in the unit its rule counts."""

    # "offer" (R8), "arrival" (R12), "revocation" (R15), "stop_list" (R12), "documents" (R17)
    rule: str
    at: datetime
    working_days_left: int | None = None
    hours_left: int | None = None
    days_left: int | None = None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: datetime
    action: str
    to_state: str | None
    actor: str


@dataclass(frozen=True, slots=True)
class ApplicationCard:
    summary: ApplicationSummary
    district_kk: str
    district_ru: str
    queue_code: str
    language: Language
    benefit: Benefit
    submitted_at: datetime
    position: Position | None
    misses: int
    choice_open: bool
    choice_refusal: DomainError | None
    referral: ReferralRow | None
    referral_kindergarten: tuple[str, str] | None  # (kk, ru) names
    can_revoke: bool
    can_extend: bool
    deadlines: list[Deadline] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    forecast: Forecast | NotEnoughData | None = None  # while it waits (services/forecast.py)
    move: Move | None = None  # since the parent last saw it (services/moves.py)


def build_card(facts: CardFacts, now: datetime, calendar: WorkCalendar) -> ApplicationCard:
    application = facts.application
    scope = choice(_choice_facts(facts), to_almaty(now).date())
    referral = facts.referral
    active = referral if referral and referral.status is ReferralStatus.ACTIVE else None
    return ApplicationCard(
        summary=_summary(facts),
        district_kk=facts.district_kk,
        district_ru=facts.district_ru,
        queue_code=facts.queue_code,
        language=application.language,
        benefit=application.benefit,
        submitted_at=application.submitted_at,
        position=position_from(
            application,
            facts.waiting,
            facts.before,
            Ratio.of(facts.ratio_first, facts.ratio_general),
            facts.cursor,
        ),
        misses=application.misses,
        choice_open=not isinstance(scope, Closed),
        choice_refusal=closed_error(scope) if isinstance(scope, Closed) else None,
        referral=referral,
        referral_kindergarten=facts.referral_kindergarten,
        can_revoke=active is not None and revocation_refused(active, now) is None,
        can_extend=active is not None and extension_refused(active, now) is None,
        deadlines=deadlines(application, facts.offer_expires_at, active, now, calendar),
        history=[HistoryEntry(h.at, h.action, h.to_state, h.actor) for h in facts.history],
    )


def _choice_facts(facts: CardFacts) -> ChoiceFacts:
    application = facts.application
    return ChoiceFacts(
        status=application.status,
        kind=application.kind,
        child_birth_date=application.child_birth_date,
        stop_listed_until=application.stop_listed_until,
        child_enrolled=facts.child_enrolled,
        child_has_other_referral=facts.child_has_other_referral,
        has_own_offer=facts.has_offer,
        free_choice_exists=facts.free_choice_exists,
    )


def _summary(facts: CardFacts) -> ApplicationSummary:
    application = facts.application
    return ApplicationSummary(
        id=application.id,
        number=application.number,
        child=ChildName(
            surname=facts.child_surname or "",
            name=facts.child_name or "",
            patronymic=facts.child_patronymic or "",
            masked_iin=mask_iin(application.child_iin),
        ),
        status=application.status,
        group_year=application.group_year,
        kind=application.kind,
    )


def deadlines(
    application: ApplicationRow,
    offer_expires_at: datetime | None,
    referral: ReferralRow | None,
    now: datetime,
    calendar: WorkCalendar,
) -> list[Deadline]:
    """The running deadlines, each counted in the unit its rule counts (RULES.md)."""
    left = calendar.working_days_left
    found: list[Deadline] = []
    if offer_expires_at is not None:
        found.append(
            Deadline("offer", offer_expires_at, working_days_left=left(now, offer_expires_at))
        )
    if referral is not None:
        found += _referral_deadlines(referral, now, calendar)
    if application.status is ApplicationStatus.STOP_LISTED and application.stop_listed_until:
        until = application.stop_listed_until
        found.append(Deadline("stop_list", until, working_days_left=left(now, until)))
    return found


def _referral_deadlines(
    referral: ReferralRow, now: datetime, calendar: WorkCalendar
) -> list[Deadline]:
    found: list[Deadline] = []
    if now <= referral.revocable_until:
        hours = int((referral.revocable_until - now).total_seconds() // 3600)
        found.append(Deadline("revocation", referral.revocable_until, hours_left=hours))
    if referral.extended_days:  # R14 counts calendar days
        days = _calendar_days(now, referral.lapses_at)
        found.append(Deadline("arrival", referral.lapses_at, days_left=days))
    else:
        working = calendar.working_days_left(now, referral.lapses_at)
        found.append(Deadline("arrival", referral.lapses_at, working_days_left=working))
    if referral.documents_status is DocumentsStatus.PENDING and referral.documents_due_at:
        days = _calendar_days(now, referral.documents_due_at)
        found.append(Deadline("documents", referral.documents_due_at, days_left=days))
    return found


def _calendar_days(now: datetime, deadline: datetime) -> int:
    return max(0, (to_almaty(deadline).date() - to_almaty(now).date()).days)
