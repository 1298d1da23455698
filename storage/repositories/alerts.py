"""Who asked to hear of R8's free-choice places (services/alerts.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from domain.dto import Pool
from domain.enums import WAITING_STATUSES
from storage.models import Application, FreeChoiceAlert
from storage.repositories.base import Repository


class AlertRepository(Repository):
    async def of_application(self, application_id: int) -> list[int] | None:
        """The chosen kindergartens ([] for all of the pool), or None when alerts are off."""
        return await self.session.scalar(
            select(FreeChoiceAlert.kindergartens).where(
                FreeChoiceAlert.application_id == application_id
            )
        )

    async def set(self, application_id: int, kindergartens: list[int], now: datetime) -> None:
        await self.update_or_add(
            update(FreeChoiceAlert)
            .where(FreeChoiceAlert.application_id == application_id)
            .values(kindergartens=kindergartens),
            FreeChoiceAlert(application_id=application_id, kindergartens=kindergartens, since=now),
        )

    async def remove(self, application_id: int) -> None:
        await self.session.execute(
            delete(FreeChoiceAlert).where(FreeChoiceAlert.application_id == application_id)
        )

    async def subscribers(self, pool: Pool, kindergarten_id: int) -> list[tuple[int, str]]:
        """(application id, applicant IIN) of the waiting applications of the pool that asked
        for this kindergarten's free-choice places, or for all of the pool's."""
        rows = await self.session.execute(
            select(Application.id, Application.applicant_iin, FreeChoiceAlert.kindergartens)
            .join(FreeChoiceAlert, FreeChoiceAlert.application_id == Application.id)
            .where(
                Application.queue_id == pool.queue_id,
                Application.group_year == pool.group_year,
                Application.kind == pool.kind,
                Application.status.in_(WAITING_STATUSES),
            )
            .order_by(Application.id)
        )
        return [
            (application_id, iin)
            for application_id, iin, chosen in rows
            if not chosen or kindergarten_id in chosen
        ]
