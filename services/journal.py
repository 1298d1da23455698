"""R3: the parent's journal of applications and the card of one application, always checked
against the logged-in parent's IIN."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from domain.audit import Actor, AuditRecord, Change
from domain.dto import ApplicationRow, Position, ReferralRow
from domain.enums import (
    ApplicationStatus,
    AuditEntity,
    Benefit,
    DocumentsStatus,
    KindergartenKind,
    Language,
    ReferralStatus,
)
from domain.queue_order import Ratio
from services.calendar import WorkCalendar
from services.clock import Clock, to_almaty
from services.eligibility import check_may_obtain
from services.errors import (
    ApplicationNotAttachable,
    ApplicationNotFound,
    DomainError,
    NotEligible,
    NotYourApplication,
)
from services.iin import mask_iin
from services.queue import position_from
from storage.repositories.cards import CardFacts
from storage.uow import UnitOfWork, UnitOfWorkFactory

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


class JournalService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, calendar: WorkCalendar) -> None:
        self._uow = uow
        self._clock = clock
        self._calendar = calendar

    async def applications(self, parent_iin: str) -> list[ApplicationSummary]:
        async with self._uow.read() as uow:
            rows = await uow.applications.of_applicant(parent_iin)
            return [await _summary(uow, row) for row in rows]

    async def card(self, parent_iin: str, application_id: int) -> ApplicationCard:
        """One statement (the chat's hot path)."""

        def own(application: ApplicationRow) -> None:
            if application.applicant_iin != parent_iin:
                raise NotYourApplication()

        return await self.card_checked(application_id, own)

    async def card_checked(
        self, application_id: int, allowed: Callable[[ApplicationRow], None]
    ) -> ApplicationCard:
        """The card, after `allowed` (which raises when the reader may not see it)."""
        now = self._clock.now()
        async with self._uow.glance() as glances:
            facts = await glances.card(application_id, HISTORY_LIMIT)
        if facts is None:
            raise ApplicationNotFound()
        allowed(facts.application)
        return self._card(facts, now)

    async def summaries(self, rows: list[ApplicationRow]) -> list[ApplicationSummary]:
        async with self._uow.read() as uow:
            return [await _summary(uow, row) for row in rows]

    async def attach(self, parent_iin: str, number: str) -> ApplicationSummary:
        """R3 merge: the application moves to this parent's journal when the child's record
        names them as a parent."""
        now = self._clock.now()
        async with self._uow() as uow:
            application = await uow.applications.attachable_by_parent(number.strip(), parent_iin)
            if application is None:
                raise ApplicationNotAttachable()
            if application.applicant_iin != parent_iin:
                await uow.applications.set_applicant(application.id, parent_iin)
                await uow.audit.add(
                    AuditRecord(
                        at=now,
                        actor=Actor.parent(parent_iin),
                        action="attached",
                        change=Change(AuditEntity.APPLICATION, application.id),
                        application_id=application.id,
                        details={"from_applicant": mask_iin(application.applicant_iin)},
                    )
                )
                await uow.commit()
            return await _summary(uow, application)

    def _card(self, facts: CardFacts, now: datetime) -> ApplicationCard:
        application = facts.application
        ratio = (
            Ratio(facts.ratio_first, facts.ratio_general)
            if facts.ratio_first is not None and facts.ratio_general is not None
            else None
        )
        refusal: DomainError | None = None
        try:
            check_may_obtain(
                application,
                today=to_almaty(now).date(),
                child_enrolled=facts.child_enrolled,
                child_has_other_referral=facts.child_has_other_referral,
            )
            # R5 (b), (c): the turn came (its reserved place is there), or free choice exists.
            open_ = (application.status is ApplicationStatus.NOTIFIED and facts.has_offer) or (
                facts.free_choice_exists
            )
            if not open_:
                refusal = NotEligible("no_turn")
        except DomainError as error:
            open_, refusal = False, error
        referral = facts.referral
        active = referral if referral and referral.status is ReferralStatus.ACTIVE else None
        return ApplicationCard(
            summary=ApplicationSummary(
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
            ),
            district_kk=facts.district_kk,
            district_ru=facts.district_ru,
            queue_code=facts.queue_code,
            language=application.language,
            benefit=application.benefit,
            submitted_at=application.submitted_at,
            position=position_from(application, facts.waiting, facts.before, ratio, facts.cursor),
            misses=application.misses,
            choice_open=open_,
            choice_refusal=refusal,
            referral=referral,
            referral_kindergarten=facts.referral_kindergarten,
            can_revoke=bool(active and now <= active.revocable_until),
            can_extend=bool(active and not active.extended_days and now <= active.lapses_at),
            deadlines=self._deadlines(application, facts.offer_expires_at, active, now),
            history=[HistoryEntry(h.at, h.action, h.to_state, h.actor) for h in facts.history],
        )

    def _deadlines(
        self,
        application: ApplicationRow,
        offer_expires_at: datetime | None,
        referral: ReferralRow | None,
        now: datetime,
    ) -> list[Deadline]:
        left = self._calendar.working_days_left
        deadlines: list[Deadline] = []
        if offer_expires_at is not None:
            deadlines.append(
                Deadline("offer", offer_expires_at, working_days_left=left(now, offer_expires_at))
            )
        if referral is not None:
            if now <= referral.revocable_until:
                hours = int((referral.revocable_until - now).total_seconds() // 3600)
                deadlines.append(Deadline("revocation", referral.revocable_until, hours_left=hours))
            deadlines.append(
                Deadline(
                    "arrival", referral.lapses_at, working_days_left=left(now, referral.lapses_at)
                )
                if not referral.extended_days
                else Deadline(
                    "arrival", referral.lapses_at, days_left=_calendar_days(now, referral.lapses_at)
                )
            )
            if referral.documents_status is DocumentsStatus.PENDING and referral.documents_due_at:
                deadlines.append(
                    Deadline(
                        "documents",
                        referral.documents_due_at,
                        days_left=_calendar_days(now, referral.documents_due_at),
                    )
                )
        if application.status is ApplicationStatus.STOP_LISTED and application.stop_listed_until:
            until = application.stop_listed_until
            deadlines.append(Deadline("stop_list", until, working_days_left=left(now, until)))
        return deadlines


def _calendar_days(now: datetime, deadline: datetime) -> int:
    return max(0, (to_almaty(deadline).date() - to_almaty(now).date()).days)


async def own_application(uow: UnitOfWork, application_id: int, parent_iin: str) -> ApplicationRow:
    """R3: the application, if it is this parent's; the same refusal for another family's and for
    one that does not exist, so that ids reveal nothing."""
    application = await uow.applications.get(application_id)
    if application is None:
        raise ApplicationNotFound()
    if application.applicant_iin != parent_iin:
        raise NotYourApplication()
    return application


async def _summary(uow: UnitOfWork, application: ApplicationRow) -> ApplicationSummary:
    child = await uow.children.get(application.child_iin)
    name = ChildName(
        surname=child.surname if child else "",
        name=child.name if child else "",
        patronymic=child.patronymic if child else "",
        masked_iin=mask_iin(application.child_iin),
    )
    return ApplicationSummary(
        id=application.id,
        number=application.number,
        child=name,
        status=application.status,
        group_year=application.group_year,
        kind=application.kind,
    )
