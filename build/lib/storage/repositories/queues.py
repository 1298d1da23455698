from __future__ import annotations

from sqlalchemy import select, update

from domain.dto import DistrictRow, Pool, QueueInfo
from domain.queue_order import Ratio
from storage.models import District, Queue, QueueCursor
from storage.repositories.base import Repository


def _info(queue: Queue) -> QueueInfo:
    return QueueInfo(queue.id, queue.code, Ratio.of(queue.ratio_first, queue.ratio_general))


class QueueRepository(Repository):
    async def get(self, queue_id: int) -> QueueInfo:
        queue = await self.session.get_one(Queue, queue_id)
        return _info(queue)

    async def all(self) -> list[QueueInfo]:
        result = await self.session.scalars(select(Queue).order_by(Queue.code))
        return [_info(q) for q in result]

    async def upsert(self, code: str, ratio: Ratio | None) -> int:
        queue = await self.session.scalar(select(Queue).where(Queue.code == code))
        if queue is None:
            queue = Queue(code=code)
            self.session.add(queue)
        queue.ratio_first = ratio.first if ratio else None
        queue.ratio_general = ratio.general if ratio else None
        await self.session.flush()
        return queue.id

    async def ids_by_code(self) -> dict[str, int]:
        rows = await self.session.execute(select(Queue.code, Queue.id))
        return dict(rows.all())

    async def lock(self, pool: Pool) -> None:
        """lock_pool without the cursor (taking a place needs none): on SQLite nothing to do."""
        if self.locks_rows:
            await self.lock_pool(pool)

    async def lock_pool(self, pool: Pool) -> int:
        """Serialises everything that hands out the places of one pool, and returns its
        interleave cursor (its row made on first use, for set_cursor). PostgreSQL: a row lock
        on the pool's cursor row; SQLite: its single writer (BEGIN IMMEDIATE) already
        serialises."""
        insert = self.insert_ignoring_conflicts(
            QueueCursor.__table__, ["queue_id", "group_year", "kind"]
        ).values(queue_id=pool.queue_id, group_year=pool.group_year, kind=pool.kind, cursor=0)
        await self.session.execute(insert)
        query = select(QueueCursor.cursor).where(
            QueueCursor.queue_id == pool.queue_id,
            QueueCursor.group_year == pool.group_year,
            QueueCursor.kind == pool.kind,
        )
        if self.locks_rows:
            query = query.with_for_update()
        return int((await self.session.execute(query)).scalar_one())

    async def cursor(self, pool: Pool) -> int:
        value = await self.session.scalar(
            select(QueueCursor.cursor).where(
                QueueCursor.queue_id == pool.queue_id,
                QueueCursor.group_year == pool.group_year,
                QueueCursor.kind == pool.kind,
            )
        )
        return value or 0

    async def set_cursor(self, pool: Pool, cursor: int) -> None:
        await self.session.execute(
            update(QueueCursor)
            .where(
                QueueCursor.queue_id == pool.queue_id,
                QueueCursor.group_year == pool.group_year,
                QueueCursor.kind == pool.kind,
            )
            .values(cursor=cursor)
        )


def _district(district: District) -> DistrictRow:
    return DistrictRow(
        district.id, district.code, district.name_kk, district.name_ru, district.queue_id
    )


class DistrictRepository(Repository):
    async def by_code(self) -> dict[str, DistrictRow]:
        result = await self.session.scalars(select(District))
        return {d.code: _district(d) for d in result}

    async def all(self) -> list[DistrictRow]:
        result = await self.session.scalars(select(District).order_by(District.code))
        return [_district(d) for d in result]

    async def get(self, district_id: int) -> DistrictRow:
        return _district(await self.session.get_one(District, district_id))

    async def upsert(
        self, code: str, name_kk: str, name_ru: str, queue_id: int
    ) -> tuple[int, int | None]:
        """Returns the district's id and its previous queue, when that changed."""
        district = await self.session.scalar(select(District).where(District.code == code))
        previous: int | None = None
        if district is None:
            district = District(code=code, name_kk=name_kk, name_ru=name_ru, queue_id=queue_id)
            self.session.add(district)
        else:
            if district.queue_id != queue_id:
                previous = district.queue_id
            district.name_kk, district.name_ru, district.queue_id = name_kk, name_ru, queue_id
        await self.session.flush()
        return district.id, previous
