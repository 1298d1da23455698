"""Every statement over the applications table: lookups, R6's queue order (who is next, where
one stands), the compare-and-set transitions, the import's bulk rows.

This module is long because the applications table is the queue itself, and its statements share
its indexes (`ix_applications_queue_order` above all): keeping them together keeps in one view
which statement each index serves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Update, bindparam, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from domain.dto import ApplicationRow, Pool, QueueInfo
from domain.eligibility import OfferFilter
from domain.enums import ApplicationStatus, Benefit
from domain.queue_order import Ratio
from storage.bulk import BulkInsert
from storage.errors import UniqueViolation
from storage.models import APPLICATIONS_TABLE, Application, Child, ChildParent, Queue, QueueCursor
from storage.repositories._rows import APPLICATION_COLUMNS, application_row
from storage.repositories.base import CHUNK, Repository, one_of, table_of
from storage.repositories.standing import position_counts


@dataclass(frozen=True, slots=True)
class Standing:
    waiting: dict[Benefit, int]
    before: int
    queue: QueueInfo
    cursor: int


def _standing_statement() -> Any:
    table = APPLICATIONS_TABLE
    return (
        select(
            *position_counts(
                table,
                queue_id=bindparam("queue_id"),
                group_year=bindparam("group_year"),
                kind=bindparam("kind", type_=table.c.kind.type),
                benefit=bindparam("benefit", type_=table.c.benefit.type),
                submitted_at=bindparam("submitted_at", type_=table.c.submitted_at.type),
                application_id=bindparam("id"),
                ratio_first=Queue.ratio_first,
            ),
            Queue.code,
            Queue.ratio_first,
            Queue.ratio_general,
            QueueCursor.cursor,
        )
        .select_from(Queue)
        .outerjoin(
            QueueCursor,
            (QueueCursor.queue_id == Queue.id)
            & (QueueCursor.group_year == bindparam("group_year"))
            & (QueueCursor.kind == bindparam("kind", type_=QueueCursor.kind.type)),
        )
        .where(Queue.id == bindparam("queue_id"))
    )


_STANDING = _standing_statement()

_INSERT = BulkInsert(
    APPLICATIONS_TABLE, [c.name for c in APPLICATIONS_TABLE.columns if c.name != "id"]
)
_BY_ID = select(*APPLICATION_COLUMNS).where(Application.id == bindparam("id"))
_BY_ID_FOR_UPDATE = _BY_ID.with_for_update(of=Application)
_BY_NUMBER = select(*APPLICATION_COLUMNS).where(Application.number == bindparam("number"))
_APPLICATIONS = table_of(Application)


@lru_cache
def _move(expected: tuple[ApplicationStatus, ...]) -> Update:
    """The compare-and-set of a status, one prebuilt statement per set of expected ones."""
    a = _APPLICATIONS.c
    return (
        update(_APPLICATIONS)
        .where(a.id == bindparam("application_id"), one_of(a.status, expected))
        .values(status=bindparam("to"), status_changed_at=bindparam("now"))
    )


def _in_pool(pool: Pool) -> tuple[Any, ...]:
    return (
        Application.queue_id == pool.queue_id,
        Application.group_year == pool.group_year,
        Application.kind == pool.kind,
    )


class ApplicationRepository(Repository):
    async def get(self, application_id: int, *, lock: bool = False) -> ApplicationRow | None:
        query = _BY_ID_FOR_UPDATE if lock and self.locks_rows else _BY_ID
        row = (await self.session.execute(query, {"id": application_id})).first()
        return application_row(row) if row else None

    async def locked(self, application: ApplicationRow) -> ApplicationRow | None:
        """The application as it stands under this write transaction's lock. PostgreSQL reads
        it again FOR UPDATE; on SQLite a row read inside the write transaction is current
        already (its single writer holds the database), so it is returned as it is."""
        if not self.locks_rows:
            return application
        return await self.get(application.id, lock=True)

    async def by_number(self, number: str) -> ApplicationRow | None:
        row = (await self.session.execute(_BY_NUMBER, {"number": number})).first()
        return application_row(row) if row else None

    async def of_applicant(self, iin: str) -> list[ApplicationRow]:
        query = (
            select(*APPLICATION_COLUMNS)
            .where(Application.applicant_iin == iin)
            .order_by(Application.submitted_at)
        )
        return [application_row(r) for r in await self.session.execute(query)]

    async def of_applicant_named(
        self, iin: str
    ) -> list[tuple[ApplicationRow, tuple[str, str, str] | None]]:
        """The journal's list in one statement: each application with its child's surname,
        name and patronymic (None where the child's record is missing)."""
        names = (
            Child.surname.label("child_surname"),
            Child.name.label("child_name"),
            Child.patronymic.label("child_patronymic"),
        )
        query = (
            select(*APPLICATION_COLUMNS, *names)
            .outerjoin(Child, Child.iin == Application.child_iin)
            .where(Application.applicant_iin == iin)
            .order_by(Application.submitted_at)
        )
        found: list[tuple[ApplicationRow, tuple[str, str, str] | None]] = []
        for row in await self.session.execute(query):
            fields = dict(row._mapping)
            child = tuple(fields.pop(label.key) for label in names)
            found.append(
                (
                    ApplicationRow(**fields),
                    None if child[0] is None else (child[0], child[1], child[2]),
                )
            )
        return found

    async def of_child(self, child_iin: str) -> list[ApplicationRow]:
        query = (
            select(*APPLICATION_COLUMNS)
            .where(Application.child_iin == child_iin)
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
        rule: OfferFilter,
    ) -> list[int]:
        """The next in-queue applications of one category that may be offered a place now:
        domain.eligibility.may_be_offered in SQL (R5: old enough, no active referral for the
        child, and, R16, for a sanatorium not enrolled anywhere), held to it by a property test
        (tests/service/test_eligibility_sql.py)."""
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
        if rule.born_on_or_before is not None:
            conditions.append(Application.child_birth_date <= rule.born_on_or_before)
        if rule.exclude_enrolled:
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

    async def standing(self, application: ApplicationRow) -> Standing:
        """How many wait in each category of the pool, how many of this application's category
        were submitted before it, and the queue's ratio and cursor: one statement of index range
        counts, built once (a queue position is the product's most frequent read)."""
        pool = application.pool
        row = (
            await self.session.execute(
                _STANDING,
                {
                    "queue_id": pool.queue_id,
                    "group_year": pool.group_year,
                    "kind": pool.kind,
                    "benefit": application.benefit,
                    "submitted_at": application.submitted_at,
                    "id": application.id,
                },
            )
        ).one()
        *per_benefit, earlier, code, first, general, cursor = row
        ratio = Ratio.of(first, general)
        return Standing(
            waiting=dict(zip(Benefit, per_benefit, strict=True)),
            before=earlier,
            queue=QueueInfo(pool.queue_id, code, ratio),
            cursor=cursor or 0,
        )

    # --- transitions ------------------------------------------------------------------------
    async def move(
        self,
        application_id: int,
        *,
        expected: Iterable[ApplicationStatus],
        to: ApplicationStatus,
        now: datetime,
    ) -> bool:
        """Compare-and-set: changes the status only if it is still one of `expected`."""
        result = await self.session.execute(
            _move(tuple(expected)), {"application_id": application_id, "to": to, "now": now}
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
        for start in range(0, len(ids), CHUNK):
            result = await self.session.execute(
                update(Application)
                .where(
                    self.ids_in(Application.id, ids[start : start + CHUNK]),
                    Application.status == expected,
                )
                .values(status=to, status_changed_at=now)
                .execution_options(synchronize_session=False)
            )
            moved += result.rowcount  # type: ignore[attr-defined]
        return moved

    async def set_fields(self, ids: Sequence[int], **values: Any) -> None:
        """Gives all these applications the same values (a sweep's changes mostly coincide)."""
        for start in range(0, len(ids), CHUNK):
            await self.session.execute(
                update(Application)
                .where(self.ids_in(Application.id, ids[start : start + CHUNK]))
                .values(**values)
                .execution_options(synchronize_session=False)
            )

    async def by_ids(self, ids: Iterable[int]) -> dict[int, ApplicationRow]:
        wanted = list(set(ids))
        found: dict[int, ApplicationRow] = {}
        for start in range(0, len(wanted), 500):
            query = select(*APPLICATION_COLUMNS).where(
                Application.id.in_(wanted[start : start + 500])
            )
            found.update((r.id, r) for r in map(application_row, await self.session.execute(query)))
        return found

    async def earliest_stop_list_end(self, now: datetime) -> datetime | None:
        query = select(func.min(Application.stop_listed_until)).where(
            Application.status == ApplicationStatus.STOP_LISTED,
            Application.stop_listed_until < now,
        )
        return await self.session.scalar(query)

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
        try:
            await _INSERT.run(self.session, rows)
        except IntegrityError as error:
            raise UniqueViolation(str(error.orig)) from error

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
