"""District administrators publish free places step by step; R6 offers them at once."""

from __future__ import annotations

from dataclasses import dataclass, replace

from domain.audit import AuditRecord, Change
from domain.dto import KindergartenRow
from domain.enums import AuditEntity, Language
from services.allocation import AllocationService
from services.clock import Clock, to_almaty
from services.errors import InvalidCommand, OutOfScope, UnknownKindergarten
from services.imports.places import MAX_PLACES_PER_LINE, PRESCHOOL_YEARS, publish_places
from services.staff.roles import Staffer
from storage.uow import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class PlacesToPublish:
    """A step of the wizard, or what is published: the kindergarten with the choices so far."""

    kindergarten: KindergartenRow
    group_year: int | None = None
    language: Language | None = None
    count: int | None = None
    offered: int | None = None  # turns the allocation gave right after publishing (R6)


def _parsed_count(count: str | int) -> int:
    """A typed number of places, or one already chosen."""
    value = str(count).strip()
    if not value.isdigit():
        raise InvalidCommand("count_not_a_number", value=value[:20])
    if not 1 <= int(value) <= MAX_PLACES_PER_LINE:
        raise InvalidCommand("count_out_of_range", value=value, maximum=MAX_PLACES_PER_LINE)
    return int(value)


class PlacesDesk:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, allocation: AllocationService) -> None:
        self._uow = uow
        self._clock = clock
        self._allocation = allocation

    async def kindergartens(self, by: Staffer) -> list[KindergartenRow]:
        """The kindergartens of the administrator's districts, by code."""
        by.require_admin()
        async with self._uow.read() as uow:
            every = await uow.kindergartens.all_by_code()
        return sorted(
            (k for k in every.values() if by.covers_district(k.district_id)), key=lambda k: k.code
        )

    async def kindergarten(self, by: Staffer, kindergarten_id: int) -> KindergartenRow:
        by.require_admin()
        async with self._uow.read() as uow:
            kindergarten = await uow.kindergartens.get(kindergarten_id)
        if kindergarten is None:
            raise UnknownKindergarten(str(kindergarten_id))
        if not by.covers_district(kindergarten.district_id):
            raise OutOfScope()
        return kindergarten

    def group_years(self) -> list[int]:
        """The youngest first: the years a preschool group can be born in now."""
        this_year = to_almaty(self._clock.now()).year
        return list(range(this_year, this_year - PRESCHOOL_YEARS - 1, -1))

    async def choose(
        self,
        by: Staffer,
        kindergarten_id: int,
        group_year: int | None = None,
        language: Language | None = None,
        count: str | int | None = None,
    ) -> PlacesToPublish:
        """One step of the wizard: the choices so far, each checked (the administrator's scope,
        a preschool group year, a language the kindergarten teaches in, a count in range)."""
        kindergarten = await self.kindergarten(by, kindergarten_id)
        if group_year is not None and group_year not in self.group_years():
            raise InvalidCommand("group_year_out_of_range", value=group_year)
        if language is not None and language not in kindergarten.taught:
            raise InvalidCommand("language_not_taught", value=language.value)
        places = None if count is None else _parsed_count(count)
        return PlacesToPublish(kindergarten, group_year, language, places)

    async def publish(
        self, by: Staffer, kindergarten_id: int, group_year: int, language: Language, count: int
    ) -> PlacesToPublish:
        chosen = await self.choose(by, kindergarten_id, group_year, language, count)
        kindergarten = chosen.kindergarten
        now = self._clock.now()
        async with self._uow() as uow:
            pool = await publish_places(uow, kindergarten, group_year, language, count, now)
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=by.actor(),
                    action="places_published",
                    change=Change(AuditEntity.PLACE, kindergarten.code, None, "free"),
                    details={
                        "group_year": group_year,
                        "language": language.value,
                        "count": count,
                    },
                )
            )
            await uow.commit()
        allocated = await self._allocation.allocate_published([pool])
        return replace(chosen, offered=allocated.offers)
