from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, insert, select, update

from domain.dto import DueLapse, ExpectedArrival, Pool, ReferralRow
from domain.enums import ReferralStatus
from storage.models import Application, Child, Place, Referral
from storage.repositories._rows import REFERRAL_COLUMNS, referral_row
from storage.repositories.base import CHUNK, Repository, table_of

_REFERRALS = table_of(Referral)
_ADD = insert(_REFERRALS).returning(*(_REFERRALS.c[c.key] for c in REFERRAL_COLUMNS))
_COUNT_FOR = select(func.count()).where(_REFERRALS.c.application_id == bindparam("application_id"))


def given_since(since: datetime) -> ColumnElement[bool]:
    """A place given since then: its referral holds it still or was used. A revoked or lapsed
    referral's place was given again (and counts then)."""
    return and_(
        Referral.issued_at >= since,
        Referral.status.in_((ReferralStatus.ACTIVE, ReferralStatus.ENROLLED)),
    )


class ReferralRepository(Repository):
    async def add(self, **values: Any) -> ReferralRow:
        return referral_row((await self.session.execute(_ADD, values)).one())

    async def get(self, referral_id: int) -> ReferralRow | None:
        row = (
            await self.session.execute(select(*REFERRAL_COLUMNS).where(Referral.id == referral_id))
        ).first()
        return referral_row(row) if row else None

    async def by_number(self, number: str) -> ReferralRow | None:
        row = (
            await self.session.execute(select(*REFERRAL_COLUMNS).where(Referral.number == number))
        ).first()
        return referral_row(row) if row else None

    async def by_verification_code(self, code: str) -> ReferralRow | None:
        query = select(*REFERRAL_COLUMNS).where(Referral.verification_code == code)
        row = (await self.session.execute(query)).first()
        return referral_row(row) if row else None

    async def active_at(self, kindergarten_id: int) -> list[ExpectedArrival]:
        """The children a kindergarten expects: its active referrals, the nearest R12 first."""
        query = (
            select(
                *REFERRAL_COLUMNS,
                Application.number,
                Application.child_iin,
                Application.group_year,
                Application.language,
                Child.surname,
                Child.name,
                Child.patronymic,
            )
            .join(Application, Application.id == Referral.application_id)
            .outerjoin(Child, Child.iin == Application.child_iin)
            .where(
                Referral.kindergarten_id == kindergarten_id,
                Referral.status == ReferralStatus.ACTIVE,
            )
            .order_by(Referral.lapses_at, Referral.id)
        )
        width = len(REFERRAL_COLUMNS)
        return [
            ExpectedArrival(
                referral=ReferralRow(*row[:width]),
                application_number=row[width],
                child_iin=row[width + 1],
                group_year=row[width + 2],
                language=row[width + 3],
                child_name=" ".join(p for p in row[width + 4 : width + 7] if p),
            )
            for row in (await self.session.execute(query)).all()
        ]

    async def signed_parts(self, referral_id: int) -> tuple[bytes, bytes]:
        query = select(Referral.signed_content, Referral.signature).where(
            Referral.id == referral_id
        )
        content, signature = (await self.session.execute(query)).one()
        return bytes(content), bytes(signature)

    async def latest_for(self, application_id: int) -> ReferralRow | None:
        query = (
            select(*REFERRAL_COLUMNS)
            .where(Referral.application_id == application_id)
            .order_by(Referral.issued_at.desc(), Referral.id.desc())
            .limit(1)
        )
        row = (await self.session.execute(query)).first()
        return referral_row(row) if row else None

    async def all_for(self, application_id: int) -> list[ReferralRow]:
        query = (
            select(*REFERRAL_COLUMNS)
            .where(Referral.application_id == application_id)
            .order_by(Referral.issued_at, Referral.id)
        )
        return [referral_row(r) for r in await self.session.execute(query)]

    async def of_applicant(self, applicant_iin: str) -> list[ReferralRow]:
        """Every referral of the applications whose applicant this IIN is (R3, R11)."""
        query = (
            select(*REFERRAL_COLUMNS)
            .join(Application, Application.id == Referral.application_id)
            .where(Application.applicant_iin == applicant_iin)
            .order_by(Application.submitted_at, Referral.issued_at, Referral.id)
        )
        return [referral_row(r) for r in await self.session.execute(query)]

    async def given_in_pool(self, pool: Pool, since: datetime) -> list[datetime]:
        """When the places of this pool were given since then (`given_since`)."""
        query = (
            select(Referral.issued_at)
            .join(Place, Place.id == Referral.place_id)
            .where(
                Place.queue_id == pool.queue_id,
                Place.group_year == pool.group_year,
                Place.kind == pool.kind,
                given_since(since),
            )
        )
        return list((await self.session.scalars(query)).all())

    async def count_for(self, application_id: int) -> int:
        result = await self.session.execute(_COUNT_FOR, {"application_id": application_id})
        return int(result.scalar_one())

    async def earliest_due(self, now: datetime) -> datetime | None:
        query = select(func.min(Referral.lapses_at)).where(
            Referral.status == ReferralStatus.ACTIVE, Referral.lapses_at < now
        )
        return await self.session.scalar(query)

    async def due_lapses(self, now: datetime, limit: int) -> list[DueLapse]:
        """R12: active referrals past their deadline, earliest first, claimed by this
        transaction (another instance skips them)."""
        query = (
            select(
                Referral.id,
                Referral.number,
                Referral.place_id,
                Referral.lapses_at,
                Application.id,
                Application.status,
                Application.misses,
            )
            .join(Application, Application.id == Referral.application_id)
            .where(Referral.status == ReferralStatus.ACTIVE, Referral.lapses_at < now)
            .order_by(Referral.lapses_at, Referral.id)
            .limit(limit)
        )
        if self.locks_rows:
            query = query.with_for_update(of=Referral, skip_locked=True)
        return [DueLapse(*row) for row in await self.session.execute(query)]

    async def move(
        self, referral_id: int, *, expected: ReferralStatus, to: ReferralStatus, **values: Any
    ) -> bool:
        """Compare-and-set on the status (a staff action and a sweep never both win)."""
        result = await self.session.execute(
            update(Referral)
            .where(Referral.id == referral_id, Referral.status == expected)
            .values(status=to, **values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def update_fields(
        self, referral_id: int, *, expected: ReferralStatus, **values: Any
    ) -> bool:
        result = await self.session.execute(
            update(Referral)
            .where(Referral.id == referral_id, Referral.status == expected)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def close_many(self, ids: Sequence[int], *, to: ReferralStatus, now: datetime) -> int:
        closed = 0
        for start in range(0, len(ids), CHUNK):
            result = await self.session.execute(
                update(Referral)
                .where(
                    self.ids_in(Referral.id, ids[start : start + CHUNK]),
                    Referral.status == ReferralStatus.ACTIVE,
                )
                .values(status=to, closed_at=now)
                .execution_options(synchronize_session=False)
            )
            closed += result.rowcount  # type: ignore[attr-defined]
        return closed
