"""R3: the parent's journal of applications, attaching an application by its number, and the
card of one application, always checked against the logged-in parent's IIN."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from domain.audit import Actor, AuditRecord, Change
from domain.dto import ApplicationRow
from domain.enums import AuditEntity
from domain.queue_order import Ratio
from services.calendar import WorkCalendar
from services.cards import HISTORY_LIMIT, ApplicationCard, ApplicationSummary, ChildName, build_card
from services.clock import Clock
from services.errors import ApplicationNotAttachable, ApplicationNotFound
from services.forecast import ForecastService
from services.iin import mask_iin
from services.moves import MoveService
from services.ownership import check_owner
from storage.uow import UnitOfWork, UnitOfWorkFactory


class JournalService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, calendar: WorkCalendar) -> None:
        self._uow = uow
        self._clock = clock
        self._calendar = calendar
        self._forecasts = ForecastService(uow, clock)
        self._moves = MoveService(uow, clock)

    async def applications(self, parent_iin: str) -> list[ApplicationSummary]:
        async with self._uow.read() as uow:
            rows = await uow.applications.of_applicant_named(parent_iin)
        return [_summary_of(row, names) for row, names in rows]

    async def card(self, parent_iin: str, application_id: int) -> ApplicationCard:
        """One statement (the chat's hot path)."""

        def own(application: ApplicationRow) -> None:
            check_owner(application, parent_iin)

        card, application = await self._checked(application_id, own)
        if card.position is None:
            return card
        move = await self._moves.seen(parent_iin, application, card.position)
        return card if move is None else replace(card, move=move)

    async def card_checked(
        self, application_id: int, allowed: Callable[[ApplicationRow], None]
    ) -> ApplicationCard:
        """The card, after `allowed` (which raises when the reader may not see it)."""
        return (await self._checked(application_id, allowed))[0]

    async def _checked(
        self, application_id: int, allowed: Callable[[ApplicationRow], None]
    ) -> tuple[ApplicationCard, ApplicationRow]:
        now = self._clock.now()
        async with self._uow.glance() as glances:
            facts = await glances.card(application_id, HISTORY_LIMIT)
        if facts is None:
            raise ApplicationNotFound()
        allowed(facts.application)
        card = build_card(facts, now, self._calendar)
        if card.position is None:
            return card, facts.application
        ratio = Ratio.of(facts.ratio_first, facts.ratio_general)
        forecast = await self._forecasts.of(facts.application, card.position, ratio)
        return replace(card, forecast=forecast), facts.application

    async def summaries(self, rows: list[ApplicationRow]) -> list[ApplicationSummary]:
        async with self._uow.read() as uow:
            return [await _summary(uow, row) for row in rows]

    async def attach(self, parent_iin: str, number: str) -> ApplicationCard:
        """R3 merge: the application moves to this parent's journal when the child's record
        names them as a parent; its card, as it is now in the journal."""
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
        return await self.card(parent_iin, application.id)


async def _summary(uow: UnitOfWork, application: ApplicationRow) -> ApplicationSummary:
    child = await uow.children.get(application.child_iin)
    names = (child.surname, child.name, child.patronymic) if child else None
    return _summary_of(application, names)


def _summary_of(
    application: ApplicationRow, names: tuple[str, str, str] | None
) -> ApplicationSummary:
    surname, name, patronymic = names or ("", "", "")
    child = ChildName(
        surname=surname,
        name=name,
        patronymic=patronymic,
        masked_iin=mask_iin(application.child_iin),
    )
    return ApplicationSummary(
        id=application.id,
        number=application.number,
        child=child,
        status=application.status,
        group_year=application.group_year,
        kind=application.kind,
    )
