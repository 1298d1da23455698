"""R8's free-choice places, announced to the parents who ask (Settings: «Еркін орындар туралы
хабарлау / Сообщать о свободных местах»): for every kindergarten of their application's pool,
or for up to 5 chosen ones. When a reserved place passes into free choice, every parent who
asked gets one alert for it, all at once and in a random order, through the outbox (its rate
limits, blocked chats and languages); first come, first served, exactly as R8 says. Alerts stop
when the application leaves the waiting statuses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.dto import ApplicationRow, KindergartenRow, Pool
from domain.enums import WAITING_STATUSES
from domain.notices import Notice
from services.clock import Clock
from services.errors import AlertsWhileWaiting, NotInYourQueue, TooManyKindergartens
from services.notices import Postbox, free_choice_notices
from services.ownership import check_owner
from storage.uow import UnitOfWork, UnitOfWorkFactory

MAX_CHOSEN = 5


@dataclass(frozen=True, slots=True)
class AlertSetting:
    application_id: int
    number: str
    chosen: list[int] | None  # None: off; []: every kindergarten of the pool; else their ids
    kindergartens: list[KindergartenRow]  # the pool's, by name (to choose from)


class AlertService:
    """The parent's side: their waiting applications' alerts, switched on, chosen, off."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def applications(self, parent_iin: str) -> list[AlertSetting]:
        """Every application of this parent that waits in the queue, with its alerts."""
        async with self._uow.read() as uow:
            rows = [r for r, _ in await uow.applications.of_applicant_named(parent_iin)]
            return [
                AlertSetting(r.id, r.number, await uow.alerts.of_application(r.id), [])
                for r in rows
                if r.status in WAITING_STATUSES
            ]

    async def setting(self, parent_iin: str, application_id: int) -> AlertSetting:
        async with self._uow.read() as uow:
            application = await self._waiting(uow, parent_iin, application_id)
            return await self._setting(uow, application)

    async def every_kindergarten(self, parent_iin: str, application_id: int) -> AlertSetting:
        return await self._change(parent_iin, application_id, lambda chosen: [])

    async def off(self, parent_iin: str, application_id: int) -> AlertSetting:
        return await self._change(parent_iin, application_id, lambda chosen: None)

    async def toggle(
        self, parent_iin: str, application_id: int, kindergarten_id: int
    ) -> AlertSetting:
        """One kindergarten in or out of the chosen ones (at most MAX_CHOSEN)."""

        def toggled(chosen: list[int] | None) -> list[int] | None:
            ids = list(chosen or [])
            if kindergarten_id in ids:
                ids.remove(kindergarten_id)
                return ids or None
            if len(ids) >= MAX_CHOSEN:
                raise TooManyKindergartens(MAX_CHOSEN)
            return [*ids, kindergarten_id]

        return await self._change(parent_iin, application_id, toggled, kindergarten_id)

    async def _change(
        self,
        parent_iin: str,
        application_id: int,
        change: Callable[[list[int] | None], list[int] | None],
        kindergarten_id: int | None = None,
    ) -> AlertSetting:
        async with self._uow() as uow:
            application = await self._waiting(uow, parent_iin, application_id)
            if kindergarten_id is not None:
                pool = await self._pool_kindergartens(uow, application)
                if kindergarten_id not in {k.id for k in pool}:  # a forged button
                    raise NotInYourQueue()
            chosen = change(await uow.alerts.of_application(application.id))
            if chosen is None:
                await uow.alerts.remove(application.id)
            else:
                await uow.alerts.set(application.id, chosen, self._clock.now())
            setting = await self._setting(uow, application)
            await uow.commit()
        return setting

    @staticmethod
    async def _waiting(uow: UnitOfWork, parent_iin: str, application_id: int) -> ApplicationRow:
        application = check_owner(await uow.applications.get(application_id), parent_iin)
        if application.status not in WAITING_STATUSES:
            raise AlertsWhileWaiting()
        return application

    @staticmethod
    async def _pool_kindergartens(
        uow: UnitOfWork, application: ApplicationRow
    ) -> list[KindergartenRow]:
        return await uow.kindergartens.of_queue(application.queue_id, application.kind)

    async def _setting(self, uow: UnitOfWork, application: ApplicationRow) -> AlertSetting:
        return AlertSetting(
            application.id,
            application.number,
            await uow.alerts.of_application(application.id),
            await self._pool_kindergartens(uow, application),
        )


async def announce_free_choice(
    uow: UnitOfWork,
    postbox: Postbox,
    freed: list[int],
    let_go: dict[int, int],
    now: datetime,
    shuffle: Callable[[list[Notice]], None],
) -> None:
    """In the transaction that made the places `freed` free choice; `let_go`: place → the
    application whose window ended (it is not told of the place it let go)."""
    notices = []
    for place_id in freed:
        place = await uow.places.get(place_id)
        kindergarten = await uow.kindergartens.get(place.kindergarten_id)
        assert kindergarten is not None
        pool = Pool(place.queue_id, place.group_year, place.kind)
        subscribers = [
            (application_id, parent)
            for application_id, parent in await uow.alerts.subscribers(pool, place.kindergarten_id)
            if application_id != let_go.get(place_id)
        ]
        names = (kindergarten.name_kk, kindergarten.name_ru)
        notices += free_choice_notices(subscribers, place_id, names, now, shuffle)
    await postbox.post(uow.outbox, notices)
