from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select, update

from domain.dto import KindergartenRow
from domain.enums import KindergartenKind
from storage.models import District, Kindergarten, Place
from storage.repositories._rows import KINDERGARTEN_COLUMNS, kindergarten_row
from storage.repositories.base import Repository

_BY_CODE = select(*KINDERGARTEN_COLUMNS).where(Kindergarten.code == bindparam("code"))
_QUEUE_OF = (
    select(District.queue_id)
    .join(Kindergarten, Kindergarten.district_id == District.id)
    .where(Kindergarten.id == bindparam("kindergarten_id"))
)


class Unchanged:
    """A value the import leaves as the database has it."""


UNCHANGED = Unchanged()


class KindergartenRepository(Repository):
    async def get(self, kindergarten_id: int) -> KindergartenRow | None:
        row = (
            await self.session.execute(
                select(*KINDERGARTEN_COLUMNS).where(Kindergarten.id == kindergarten_id)
            )
        ).first()
        return kindergarten_row(row) if row else None

    async def by_code(self, code: str) -> KindergartenRow | None:
        row = (await self.session.execute(_BY_CODE, {"code": code})).first()
        return kindergarten_row(row) if row else None

    async def by_ids(self, ids: Iterable[int]) -> dict[int, KindergartenRow]:
        wanted = set(ids)
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(*KINDERGARTEN_COLUMNS).where(Kindergarten.id.in_(wanted))
        )
        return {r.id: r for r in map(kindergarten_row, rows)}

    async def all_by_code(self) -> dict[str, KindergartenRow]:
        rows = await self.session.execute(select(*KINDERGARTEN_COLUMNS))
        return {r.code: r for r in map(kindergarten_row, rows)}

    async def of_queue(self, queue_id: int, kind: KindergartenKind) -> list[KindergartenRow]:
        """The kindergartens of a queue's districts, of one kind, by Russian name."""
        query = (
            select(*KINDERGARTEN_COLUMNS)
            .join(District, District.id == Kindergarten.district_id)
            .where(District.queue_id == queue_id, Kindergarten.kind == kind)
            .order_by(Kindergarten.name_ru, Kindergarten.id)
        )
        return [kindergarten_row(r) for r in await self.session.execute(query)]

    async def queue_of(self, kindergarten_id: int) -> int:
        result = await self.session.execute(_QUEUE_OF, {"kindergarten_id": kindergarten_id})
        return int(result.scalar_one())

    async def upsert(
        self,
        *,
        code: str,
        district_id: int,
        queue_id: int,
        kind: KindergartenKind,
        name_kk: str,
        name_ru: str,
        address_kk: str,
        address_ru: str,
        languages: str,
        coordinates: tuple[float, float] | Unchanged | None = UNCHANGED,
    ) -> int:
        """`coordinates`: (latitude, longitude), None to clear them, UNCHANGED when the file has
        no such columns."""
        kindergarten = await self.session.scalar(
            select(Kindergarten).where(Kindergarten.code == code)
        )
        values: dict[str, object] = {
            "district_id": district_id,
            "kind": kind,
            "name_kk": name_kk,
            "name_ru": name_ru,
            "address_kk": address_kk,
            "address_ru": address_ru,
            "languages": languages,
        }
        if not isinstance(coordinates, Unchanged):
            values["latitude"], values["longitude"] = coordinates or (None, None)
        if kindergarten is None:
            kindergarten = Kindergarten(code=code, **values)
            self.session.add(kindergarten)
            await self.session.flush()
            return kindergarten.id
        for key, value in values.items():
            setattr(kindergarten, key, value)
        await self.session.flush()
        # Places carry their pool; keep it true when a kindergarten moves or changes kind.
        await self.session.execute(
            update(Place)
            .where(Place.kindergarten_id == kindergarten.id)
            .values(queue_id=queue_id, kind=kind)
        )
        return kindergarten.id
