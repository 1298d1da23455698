from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select

from domain.dto import RoleGrant
from domain.enums import StaffRoleKind
from storage.models import District, Kindergarten, StaffRole
from storage.repositories.base import Repository


class StaffRoleRepository(Repository):
    async def of_user(self, telegram_user_id: int) -> list[RoleGrant]:
        return await self._grants(StaffRole.telegram_user_id == telegram_user_id)

    async def all(self) -> list[RoleGrant]:
        return await self._grants()

    async def _grants(self, *where: object) -> list[RoleGrant]:
        statement = (
            select(
                StaffRole.telegram_user_id,
                StaffRole.role,
                StaffRole.district_id,
                District.code,
                StaffRole.kindergarten_id,
                Kindergarten.code,
                Kindergarten.district_id,
            )
            .outerjoin(District, District.id == StaffRole.district_id)
            .outerjoin(Kindergarten, Kindergarten.id == StaffRole.kindergarten_id)
            .where(*where)  # type: ignore[arg-type]
            .order_by(StaffRole.telegram_user_id, StaffRole.role, StaffRole.id)
        )
        rows = (await self.session.execute(statement)).all()
        return [
            RoleGrant(
                telegram_user_id=row[0],
                role=row[1],
                district_id=row[2],
                district_code=row[3],
                kindergarten_id=row[4],
                kindergarten_code=row[5],
                kindergarten_district_id=row[6],
            )
            for row in rows
        ]

    async def add(
        self,
        telegram_user_id: int,
        role: StaffRoleKind,
        *,
        district_id: int | None,
        kindergarten_id: int | None,
        granted_by: str,
        now: datetime,
    ) -> None:
        await self.session.execute(
            insert(StaffRole).values(
                telegram_user_id=telegram_user_id,
                role=role,
                district_id=district_id,
                kindergarten_id=kindergarten_id,
                granted_by=granted_by,
                granted_at=now,
            )
        )

    async def remove_all(self, telegram_user_id: int, role: StaffRoleKind | None = None) -> int:
        statement = delete(StaffRole).where(StaffRole.telegram_user_id == telegram_user_id)
        if role is not None:
            statement = statement.where(StaffRole.role == role)
        result = await self.session.execute(statement)
        return int(result.rowcount)  # type: ignore[attr-defined]
