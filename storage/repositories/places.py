from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, func, insert, select, update

from domain.dto import PlaceChoice, PlaceRow, Pool
from domain.enums import KindergartenKind, Language, PlaceState
from storage.models import District, Kindergarten, Place
from storage.repositories._rows import PLACE_COLUMNS, place_row
from storage.repositories.base import CHUNK, Repository, one_of, table_of


def _in_pool(pool: Pool) -> tuple[ColumnElement[bool], ...]:
    return (
        Place.queue_id == pool.queue_id,
        Place.group_year == pool.group_year,
        Place.kind == pool.kind,
    )


_PLACES = table_of(Place)


@lru_cache
def _takeable(states: tuple[PlaceState, ...]) -> Select[Any]:
    """PlaceRepository.takeable's statement, prebuilt once per set of states."""
    p = _PLACES.c
    own = p.id == bindparam("own_place_id")
    preference = case(
        (own, 0),
        (p.state == PlaceState.FREE, 1),
        (p.state == PlaceState.FREE_CHOICE, 2),
        else_=3,
    )
    return (
        select(*(p[c.key] for c in PLACE_COLUMNS))
        .where(
            p.queue_id == bindparam("queue_id"),
            p.group_year == bindparam("group_year"),
            p.kind == bindparam("kind"),
            p.kindergarten_id == bindparam("kindergarten_id"),
            p.language == bindparam("language"),
            one_of(p.state, states) | own,
        )
        .order_by(preference, p.id)
        .limit(5)
    )


_TAKE = (
    update(_PLACES)
    .where(_PLACES.c.id == bindparam("place_id"), _PLACES.c.state == bindparam("expected"))
    .values(
        state=PlaceState.TAKEN,
        state_changed_at=bindparam("now"),
        holder_application_id=bindparam("holder"),
    )
)


class PlaceRepository(Repository):
    async def publish(
        self,
        *,
        kindergarten_id: int,
        queue_id: int,
        kind: KindergartenKind,
        group_year: int,
        language: Language,
        count: int,
        now: datetime,
    ) -> None:
        row = {
            "kindergarten_id": kindergarten_id,
            "queue_id": queue_id,
            "kind": kind,
            "group_year": group_year,
            "language": language,
            "state": PlaceState.FREE,
            "holder_application_id": None,
            "published_at": now,
            "state_changed_at": now,
        }
        await self.session.execute(insert(Place), [row] * count)

    async def get(self, place_id: int) -> PlaceRow:
        row = (await self.session.execute(select(*PLACE_COLUMNS).where(Place.id == place_id))).one()
        return place_row(row)

    async def pools_with_free_places(self) -> list[tuple[Pool, int]]:
        query = (
            select(Place.queue_id, Place.group_year, Place.kind, func.count())
            .where(Place.state == PlaceState.FREE)
            .group_by(Place.queue_id, Place.group_year, Place.kind)
            .order_by(Place.queue_id, Place.group_year, Place.kind)
        )
        rows = await self.session.execute(query)
        return [(Pool(q, y, KindergartenKind(k)), n) for q, y, k, n in rows]

    async def free_ids(self, pool: Pool) -> list[int]:
        query = (
            select(Place.id)
            .where(*_in_pool(pool), Place.state == PlaceState.FREE)
            .order_by(Place.id)
        )
        return list(await self.session.scalars(query))

    async def has_state(self, pool: Pool, state: PlaceState) -> bool:
        query = select(Place.id).where(*_in_pool(pool), Place.state == state).limit(1)
        return (await self.session.scalar(query)) is not None

    async def set_state(
        self,
        place_ids: Sequence[int],
        *,
        to: PlaceState,
        now: datetime,
        expected: PlaceState | None = None,
        holder_application_id: int | None = None,
    ) -> int:
        """Moves places to a state; with `expected`, only those still in it (compare-and-set).
        Returns how many moved."""
        if not place_ids:
            return 0
        moved = 0
        for start in range(0, len(place_ids), CHUNK):
            query = update(Place).where(self.ids_in(Place.id, place_ids[start : start + CHUNK]))
            if expected is not None:
                query = query.where(Place.state == expected)
            result = await self.session.execute(
                query.values(
                    state=to, state_changed_at=now, holder_application_id=holder_application_id
                ).execution_options(synchronize_session=False)
            )
            moved += result.rowcount  # type: ignore[attr-defined]
        return moved

    async def choices(
        self, pool: Pool, *, states: Sequence[PlaceState], also_place_id: int | None
    ) -> list[PlaceChoice]:
        """R9: free places per kindergarten and language that one application may take."""
        available: ColumnElement[bool] = Place.state.in_(states)
        if also_place_id is not None:
            available = available | (Place.id == also_place_id)
        query = (
            select(
                Kindergarten.id.label("kindergarten_id"),
                Kindergarten.code.label("kindergarten_code"),
                Kindergarten.district_id,
                District.name_kk.label("district_kk"),
                District.name_ru.label("district_ru"),
                Kindergarten.name_kk,
                Kindergarten.name_ru,
                Kindergarten.address_kk,
                Kindergarten.address_ru,
                Place.language,
                Place.group_year,
                func.count(Place.id).label("free_count"),
                Kindergarten.latitude,
                Kindergarten.longitude,
            )
            .join(Kindergarten, Kindergarten.id == Place.kindergarten_id)
            .join(District, District.id == Kindergarten.district_id)
            .where(*_in_pool(pool), available)
            .group_by(Kindergarten.id, District.id, Place.language, Place.group_year)
            .order_by(Kindergarten.name_ru, Place.language)
        )
        rows = await self.session.execute(query)
        return [PlaceChoice(**row._mapping) for row in rows]

    async def takeable(
        self,
        pool: Pool,
        *,
        kindergarten_id: int,
        language: Language,
        states: Sequence[PlaceState],
        own_place_id: int | None,
    ) -> list[PlaceRow]:
        """The places of one choice an application may take, best first: its own reserved place,
        then unallocated, then free-choice, then places reserved for others (R10 swap). Under
        the pool's lock the first is taken; the next few only cover a change made outside it."""
        params = {
            "queue_id": pool.queue_id,
            "group_year": pool.group_year,
            "kind": pool.kind,
            "kindergarten_id": kindergarten_id,
            "language": language,
            "own_place_id": own_place_id or -1,  # -1: no place has it
        }
        rows = await self.session.execute(_takeable(tuple(states)), params)
        return [place_row(r) for r in rows]

    async def take(
        self, place_id: int, *, expected: PlaceState, holder_application_id: int, now: datetime
    ) -> bool:
        """Compare-and-set: the place becomes taken by the application if still `expected`."""
        params = {
            "place_id": place_id,
            "expected": expected,
            "holder": holder_application_id,
            "now": now,
        }
        return bool((await self.session.execute(_TAKE, params)).rowcount)  # type: ignore[attr-defined]

    async def count_in_states(self, states: Sequence[PlaceState]) -> dict[PlaceState, int]:
        query = (
            select(Place.state, func.count()).where(Place.state.in_(states)).group_by(Place.state)
        )
        return {PlaceState(s): n for s, n in (await self.session.execute(query))}

    async def move_district_to_queue(self, district_id: int, queue_id: int) -> None:
        kindergartens = select(Kindergarten.id).where(Kindergarten.district_id == district_id)
        await self.session.execute(
            update(Place).where(Place.kindergarten_id.in_(kindergartens)).values(queue_id=queue_id)
        )
