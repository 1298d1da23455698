"""Counts for the administrators' exports and /stats, within a scope of districts
(None = every district)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from domain.dto import ExportRow
from domain.enums import (
    WAITING_STATUSES,
    ApplicationStatus,
    Benefit,
    KindergartenKind,
    PlaceState,
    ReferralStatus,
)
from storage.models import Application, District, Kindergarten, Place, Queue, Referral
from storage.repositories.base import Repository
from storage.repositories.referrals import given_since


def _scoped(query: Any, column: Any, districts: Collection[int] | None) -> Any:
    return query if districts is None else query.where(column.in_(sorted(districts)))


class StatisticsRepository(Repository):
    async def count_applications(self, districts: Collection[int] | None) -> int:
        query = _scoped(select(func.count(Application.id)), Application.district_id, districts)
        return int((await self.session.execute(query)).scalar_one())

    async def applications(self, districts: Collection[int] | None) -> list[ExportRow]:
        query = _scoped(
            select(
                Application.number,
                Application.child_iin,
                Application.applicant_iin,
                District.code,
                Application.kind,
                Application.language,
                Application.benefit,
                Application.submitted_at,
                Application.group_year,
                Application.status,
                Application.status_changed_at,
                Application.misses,
                Application.stop_listed_until,
            )
            .join(District, District.id == Application.district_id)
            .order_by(District.code, Application.submitted_at, Application.id),
            Application.district_id,
            districts,
        )
        return [ExportRow(*row) for row in await self.session.execute(query)]

    async def waiting_by_year_and_benefit(
        self, districts: Collection[int] | None
    ) -> dict[tuple[int, Benefit], int]:
        query = _scoped(
            select(Application.group_year, Application.benefit, func.count())
            .where(Application.status.in_(WAITING_STATUSES))
            .group_by(Application.group_year, Application.benefit),
            Application.district_id,
            districts,
        )
        return {(year, Benefit(b)): n for year, b, n in await self.session.execute(query)}

    async def open_places_by_year(self, districts: Collection[int] | None) -> dict[int, int]:
        """Places not yet taken: free, offered (R8 window running) or free choice."""
        query = _scoped(
            select(Place.group_year, func.count())
            .join(Kindergarten, Kindergarten.id == Place.kindergarten_id)
            .where(Place.state != PlaceState.TAKEN)
            .group_by(Place.group_year),
            Kindergarten.district_id,
            districts,
        )
        return {int(year): int(n) for year, n in (await self.session.execute(query)).all()}

    async def referral_events(
        self, districts: Collection[int] | None, since: datetime
    ) -> list[tuple[datetime, ReferralStatus, datetime | None]]:
        """(issued_at, status, closed_at) of the referrals issued or closed since `since`."""
        query = _scoped(
            select(Referral.issued_at, Referral.status, Referral.closed_at)
            .join(Kindergarten, Kindergarten.id == Referral.kindergarten_id)
            .where((Referral.issued_at >= since) | (Referral.closed_at >= since)),
            Kindergarten.district_id,
            districts,
        )
        return [(i, ReferralStatus(s), c) for i, s, c in await self.session.execute(query)]

    async def waiting_by_pool(
        self, districts: Collection[int] | None
    ) -> dict[tuple[str, int, KindergartenKind], int]:
        """(queue code, group year, kind) → applications waiting in that pool (R6)."""
        query = _scoped(
            select(Queue.code, Application.group_year, Application.kind, func.count())
            .join(Queue, Queue.id == Application.queue_id)
            .where(Application.status.in_(WAITING_STATUSES))
            .group_by(Queue.code, Application.group_year, Application.kind),
            Application.district_id,
            districts,
        )
        rows = await self.session.execute(query)
        return {(code, year, KindergartenKind(kind)): n for code, year, kind, n in rows}

    async def given_by_pool(
        self, districts: Collection[int] | None, since: datetime
    ) -> list[tuple[str, int, KindergartenKind, datetime]]:
        """(queue code, group year, kind, issued at) of the places given since then: the
        forecast's input (services/forecast.py), for the pools of the scope."""
        query = _scoped(
            select(Queue.code, Place.group_year, Place.kind, Referral.issued_at)
            .join(Place, Place.id == Referral.place_id)
            .join(Queue, Queue.id == Place.queue_id)
            .join(Kindergarten, Kindergarten.id == Referral.kindergarten_id)
            .where(given_since(since)),
            Kindergarten.district_id,
            districts,
        )
        rows = await self.session.execute(query)
        return [(code, year, KindergartenKind(kind), at) for code, year, kind, at in rows]

    async def broadcast_targets(self, districts: Collection[int] | None) -> list[int]:
        """One application per parent of the scope still waiting or holding a referral: a
        broadcast goes to each parent once."""
        query = _scoped(
            select(func.min(Application.id))
            .where(Application.status != ApplicationStatus.REMOVED)
            .group_by(Application.applicant_iin),
            Application.district_id,
            districts,
        )
        return [row[0] for row in await self.session.execute(query)]
