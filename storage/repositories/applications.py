from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import exists, func, insert, select, tuple_, update
from sqlalchemy.orm import aliased

from services.dto import ApplicationRow, Pool
from services.enums import WAITING_STATUSES, ApplicationStatus, Benefit
from storage.models import Application, Child, ChildParent
from storage.repositories._rows import APPLICATION_COLUMNS, application_row
from storage.repositories.base import Repository


def _in_pool(pool: Pool) -> tuple[Any, ...]:
    return (
        Application.queue_id == pool.queue_id,
        Application.group_year == pool.group_year,
        Application.kind == pool.kind,
    )


class ApplicationRepository(Repository):
    async def get(self, application_id: int, *, lock: bool = False) -> ApplicationRow | None:
        query = select(*APPLICATION_COLUMNS).where(Application.id == application_id)
        if lock and self.locks_rows:
            query = query.with_for_update(of=Application)
        row = (await self.session.execute(query)).first()
        return application_row(row) if row else None

    async def by_number(self, number: str) -> ApplicationRow | None:
        query = select(*APPLICATION_COLUMNS).where(Application.number == number)
        row = (await self.session.execute(query)).first()
        return application_row(row) if row else None

    async def of_applicant(self, iin: str) -> list[ApplicationRow]:
        query = (
            select(*APPLICATION_COLUMNS)
            .where(Application.applicant_iin == iin)
            .order_by(Application.submitted_at)
        )
        return [application_row(r) for r in await self.session.execute(query)]

    async def attachable_by_parent(self, number: str, parent_iin: str) -> ApplicationRow | None:
        """R3 merge: the application, if its child's record names this parent."""
        query = (
            select(*APPLICATION_COLUMNS)
            .join(ChildParent, ChildParent.child_iin == Application.child_iin)
            .where(Application.number == number, ChildParent.parent_iin == parent_iin)
        )
        row = (await self.session.execute(query)).first()
        return application_row(row) if row else None

    async def set_applicant(self, application_id: int, iin: str) -> None:
        await self.session.execute(
            update(Application).where(Application.id == application_id).values(applicant_iin=iin)
        )

    # --- queue order (R6) -------------------------------------------------------------------------
    async def candidates(
        self,
        pool: Pool,
        benefit: Benefit,
        *,
        limit: int,
        born_on_or_before: date | None,
        exclude_enrolled: bool,
    ) -> list[int]:
        """The next in-queue applications of one category that may be offered a place now (R5):
        old enough, not stop-listed, no active referral for the child, and (R16) for a sanatorium
        not enrolled anywhere."""
        other = aliased(Application)
        conditions: list[Any] = [
            *_in_pool(pool),
            Application.status == ApplicationStatus.IN_QUEUE,
            Application.benefit == benefit,
            ~exists().where(
                other.child_iin == Application.child_iin,
                other.status == ApplicationStatus.REFERRAL_ISSUED,
            ),
        ]
        if born_on_or_before is not None:
            conditions.append(Application.child_birth_date <= born_on_or_before)
        if exclude_enrolled:
            conditions.append(
                ~exists().where(
                    Child.iin == Application.child_iin, Child.enrolled_kindergarten_id.is_not(None)
                )
            )
        query = (
            select(Application.id)
            .where(*conditions)
            .order_by(Application.submitted_at, Application.id)
            .limit(limit)
        )
        return list(await self.session.scalars(query))

    async def count_waiting(self, pool: Pool) -> dict[Benefit, int]:
        query = (
            select(Application.benefit, func.count())
            .where(*_in_pool(pool), Application.status.in_(WAITING_STATUSES))
            .group_by(Application.benefit)
        )
        counts = dict.fromkeys(Benefit, 0)
        for benefit, n in await self.session.execute(query):
            counts[Benefit(benefit)] = n
        return counts

    async def count_waiting_before(self, application: ApplicationRow) -> int:
        """Waiting applications of the same pool and category submitted before this one."""
        query = select(func.count()).where(
            *_in_pool(application.pool),
            Application.status.in_(WAITING_STATUSES),
            Application.benefit == application.benefit,
            tuple_(Application.submitted_at, Application.id)
            < tuple_(application.submitted_at, application.id),
        )
        return int((await self.session.execute(query)).scalar_one())

    # --- transitions ------------------------------------------------------------------------
    async def move(
        self,
        application_id: int,
        *,
        expected: Iterable[ApplicationStatus],
        to: ApplicationStatus,
        now: datetime,
        **values: Any,
    ) -> bool:
        """Compare-and-set: changes the status only if it is still one of `expected`."""
        result = await self.session.execute(
            update(Application)
            .where(Application.id == application_id, Application.status.in_(tuple(expected)))
            .values(status=to, status_changed_at=now, **values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def move_many(
        self,
        ids: Sequence[int],
        *,
        expected: ApplicationStatus,
        to: ApplicationStatus,
        now: datetime,
    ) -> int:
        moved = 0
        for start in range(0, len(ids), 500):
            result = await self.session.execute(
                update(Application)
                .where(Application.id.in_(ids[start : start + 500]), Application.status == expected)
                .values(status=to, status_changed_at=now)
                .execution_options(synchronize_session=False)
            )
            moved += result.rowcount  # type: ignore[attr-defined]
        return moved

    async def update_many(self, rows: Sequence[dict[str, Any]]) -> None:
        """Bulk UPDATE by primary key: each dict holds `id` and the new values."""
        if rows:
            await self.session.execute(update(Application), list(rows))

    async def by_ids(self, ids: Iterable[int]) -> dict[int, ApplicationRow]:
        wanted = list(set(ids))
        found: dict[int, ApplicationRow] = {}
        for start in range(0, len(wanted), 500):
            query = select(*APPLICATION_COLUMNS).where(
                Application.id.in_(wanted[start : start + 500])
            )
            found.update((r.id, r) for r in map(application_row, await self.session.execute(query)))
        return found

    async def due_stop_list_ends(self, now: datetime, limit: int) -> list[tuple[int, datetime]]:
        query = (
            select(Application.id, Application.stop_listed_until)
            .where(
                Application.status == ApplicationStatus.STOP_LISTED,
                Application.stop_listed_until < now,
            )
            .order_by(Application.stop_listed_until, Application.id)
            .limit(limit)
        )
        if self.locks_rows:
            query = query.with_for_update(skip_locked=True)
        return [(i, until) for i, until in await self.session.execute(query) if until is not None]

    # --- import -----------------------------------------------------------------------------------
    async def existing_numbers(self, numbers: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(numbers), 900):
            query = select(Application.number).where(
                Application.number.in_(numbers[start : start + 900])
            )
            found.update(await self.session.scalars(query))
        return found

    async def insert_many(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(insert(Application), list(rows))

    async def move_district_to_queue(self, district_id: int, queue_id: int) -> None:
        await self.session.execute(
            update(Application)
            .where(Application.district_id == district_id)
            .values(queue_id=queue_id)
        )

    async def count_by_status(self) -> dict[ApplicationStatus, int]:
        query = select(Application.status, func.count()).group_by(Application.status)
        return {ApplicationStatus(s): n for s, n in (await self.session.execute(query))}

    async def child_has_other_active(self, child_iin: str, except_id: int) -> bool:
        query = select(Application.id).where(
            Application.child_iin == child_iin,
            Application.id != except_id,
            Application.status == ApplicationStatus.REFERRAL_ISSUED,
        )
        return (await self.session.scalar(query.limit(1))) is not None
