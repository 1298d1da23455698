"""Roles with a scope: superadministrators (ADMIN_IDS), district administrators (some
districts), kindergarten staff (one kindergarten)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.audit import Actor, AuditRecord, Change
from domain.dto import RoleGrant
from domain.enums import AuditEntity, StaffRoleKind
from services.clock import Clock
from services.errors import (
    InvalidCommand,
    NoRole,
    OutOfScope,
    UnknownDistrict,
    UnknownKindergarten,
)
from storage.uow import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class Staffer:
    telegram_user_id: int
    superadmin: bool = False
    district_ids: frozenset[int] = frozenset()
    kindergarten_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.superadmin or bool(self.district_ids)

    def actor(self) -> Actor:
        who = f"tg:{self.telegram_user_id}"
        return Actor.administrator(who) if self.is_admin else Actor.staff(who)

    def covers_district(self, district_id: int) -> bool:
        return self.superadmin or district_id in self.district_ids

    def require_superadmin(self) -> None:
        if not self.superadmin:
            raise NoRole()

    def require_admin(self) -> None:
        if not self.is_admin:
            raise NoRole()

    def require_district(self, district_id: int) -> None:
        self.require_admin()
        if not self.covers_district(district_id):
            raise OutOfScope()

    def require_kindergarten(self) -> int:
        if self.kindergarten_id is None:
            raise NoRole()
        return self.kindergarten_id


class RoleService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, superadmins: frozenset[int]) -> None:
        self._uow = uow
        self._clock = clock
        self._superadmins = superadmins

    async def staffer(self, telegram_user_id: int) -> Staffer | None:
        """The roles of this Telegram account, or None: then no staff command exists for it."""
        async with self._uow.read() as uow:
            grants = await uow.staff_roles.of_user(telegram_user_id)
        superadmin = telegram_user_id in self._superadmins
        if not grants and not superadmin:
            return None
        districts = frozenset(
            g.district_id
            for g in grants
            if g.role is StaffRoleKind.DISTRICT_ADMIN and g.district_id is not None
        )
        kindergartens = [g.kindergarten_id for g in grants if g.role is StaffRoleKind.STAFF]
        return Staffer(
            telegram_user_id, superadmin, districts, kindergartens[-1] if kindergartens else None
        )

    async def grant_district_admin(
        self, by: Staffer, telegram_user_id: int, district_codes: list[str]
    ) -> list[str]:
        """Adds districts to an administrator's scope; returns the codes now granted."""
        by.require_superadmin()
        now = self._clock.now()
        async with self._uow() as uow:
            districts = await uow.districts.by_code()
            unknown = [code for code in district_codes if code not in districts]
            if unknown:
                raise UnknownDistrict(unknown[0])
            held = {
                g.district_id
                for g in await uow.staff_roles.of_user(telegram_user_id)
                if g.role is StaffRoleKind.DISTRICT_ADMIN
            }
            added = []
            for code in dict.fromkeys(district_codes):
                district = districts[code]
                if district.id in held:
                    continue
                await uow.staff_roles.add(
                    telegram_user_id,
                    StaffRoleKind.DISTRICT_ADMIN,
                    district_id=district.id,
                    kindergarten_id=None,
                    granted_by=by.actor().id,
                    now=now,
                )
                added.append(code)
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=by.actor(),
                    action="role_granted",
                    change=Change(
                        AuditEntity.ROLE, telegram_user_id, None, StaffRoleKind.DISTRICT_ADMIN
                    ),
                    details={"districts": added},
                )
            )
            await uow.commit()
        return added

    async def grant_staff(self, by: Staffer, telegram_user_id: int, kindergarten_code: str) -> None:
        """Staff belong to one kindergarten: a new grant replaces the previous one."""
        by.require_superadmin()
        now = self._clock.now()
        async with self._uow() as uow:
            kindergarten = await uow.kindergartens.by_code(kindergarten_code)
            if kindergarten is None:
                raise UnknownKindergarten(kindergarten_code)
            await uow.staff_roles.remove_all(telegram_user_id, StaffRoleKind.STAFF)
            await uow.staff_roles.add(
                telegram_user_id,
                StaffRoleKind.STAFF,
                district_id=None,
                kindergarten_id=kindergarten.id,
                granted_by=by.actor().id,
                now=now,
            )
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=by.actor(),
                    action="role_granted",
                    change=Change(AuditEntity.ROLE, telegram_user_id, None, StaffRoleKind.STAFF),
                    details={"kindergarten": kindergarten_code},
                )
            )
            await uow.commit()

    async def revoke(self, by: Staffer, telegram_user_id: int) -> int:
        """Takes every role away; returns how many scopes were removed."""
        by.require_superadmin()
        now = self._clock.now()
        async with self._uow() as uow:
            removed = await uow.staff_roles.remove_all(telegram_user_id)
            if removed:
                await uow.audit.add(
                    AuditRecord(
                        at=now,
                        actor=by.actor(),
                        action="role_revoked",
                        change=Change(AuditEntity.ROLE, telegram_user_id, "granted", None),
                        details={"scopes": removed},
                    )
                )
            await uow.commit()
        return removed

    async def grants(self, by: Staffer) -> list[RoleGrant]:
        by.require_superadmin()
        async with self._uow.read() as uow:
            return await uow.staff_roles.all()


@dataclass(frozen=True, slots=True)
class GrantCommand:
    telegram_user_id: int
    role: StaffRoleKind
    codes: list[str]


def parse_user_id(text: str) -> int:
    value = text.strip()
    if not value.isdigit():
        raise InvalidCommand("user_id_not_a_number", value=value[:20])
    return int(value)


def parse_grant(arguments: str) -> GrantCommand:
    """`ID admin DISTRICT [DISTRICT …]` or `ID staff KINDERGARTEN`."""
    parts = arguments.split()
    if len(parts) < 3 or parts[1].lower() not in ("admin", "staff"):
        raise InvalidCommand("grant_usage")
    user_id = parse_user_id(parts[0])
    if parts[1].lower() == "staff":
        if len(parts) != 3:
            raise InvalidCommand("grant_usage")
        return GrantCommand(user_id, StaffRoleKind.STAFF, parts[2:])
    return GrantCommand(user_id, StaffRoleKind.DISTRICT_ADMIN, parts[2:])
