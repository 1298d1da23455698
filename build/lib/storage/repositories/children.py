from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, insert, select, update

from storage.models import Child, ChildParent
from storage.repositories.base import Repository


class ChildRepository(Repository):
    async def get(self, iin: str) -> Child | None:
        return await self.session.get(Child, iin)

    async def existing(self, iins: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(iins), 900):
            found.update(
                await self.session.scalars(
                    select(Child.iin).where(Child.iin.in_(iins[start : start + 900]))
                )
            )
        return found

    async def upsert_many(
        self, rows: Sequence[dict[str, object]], parents: dict[str, list[str]]
    ) -> None:
        """Children of an import file: their names, enrolment and parents become what the
        file says."""
        iins = [str(r["iin"]) for r in rows]
        present = await self.existing(iins)
        new = [r for r in rows if r["iin"] not in present]
        changed = [r for r in rows if r["iin"] in present]
        if new:
            await self.session.execute(insert(Child), new)
        if changed:
            await self.session.execute(update(Child), [{**r} for r in changed])
        for start in range(0, len(iins), 900):
            await self.session.execute(
                delete(ChildParent).where(ChildParent.child_iin.in_(iins[start : start + 900]))
            )
        links = [{"child_iin": c, "parent_iin": p} for c, ps in parents.items() for p in ps]
        if links:
            await self.session.execute(insert(ChildParent), links)

    async def ensure(self, iin: str, birth_date: date) -> Child:
        child = await self.session.get(Child, iin)
        if child is None:
            child = Child(iin=iin, surname="", name="", patronymic="", birth_date=birth_date)
            self.session.add(child)
            await self.session.flush()
        return child

    async def set_enrolment(self, iin: str, kindergarten_id: int | None) -> None:
        await self.session.execute(
            update(Child).where(Child.iin == iin).values(enrolled_kindergarten_id=kindergarten_id)
        )

    async def is_enrolled(self, iin: str) -> bool:
        query = select(Child.enrolled_kindergarten_id).where(Child.iin == iin)
        return (await self.session.scalar(query)) is not None

    async def parents_of(self, iin: str) -> list[str]:
        query = (
            select(ChildParent.parent_iin)
            .where(ChildParent.child_iin == iin)
            .order_by(ChildParent.parent_iin)
        )
        return list(await self.session.scalars(query))
