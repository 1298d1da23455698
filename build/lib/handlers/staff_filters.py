"""Who may use a staff command. To anyone else the command does not exist: the filter fails and
the update falls through to the same answer an unknown command gets. The services check the
role again; this only decides whether the handler is reached."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject, User

from services.staff.roles import RoleService, Staffer


class Need(StrEnum):
    ANY = "any"  # any role
    SUPERADMIN = "superadmin"
    ADMIN = "admin"  # a district administrator or a superadministrator
    KINDERGARTEN = "kindergarten"  # a kindergarten's staff


def _has(staffer: Staffer, need: Need) -> bool:
    return {
        Need.ANY: True,
        Need.SUPERADMIN: staffer.superadmin,
        Need.ADMIN: staffer.is_admin,
        Need.KINDERGARTEN: staffer.kindergarten_id is not None,
    }[need]


class StaffOnly(Filter):
    def __init__(self, need: Need) -> None:
        self._need = need

    async def __call__(
        self, event: TelegramObject, roles: RoleService, event_from_user: User | None = None
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        staffer = await roles.staffer(event_from_user.id)
        if staffer is None or not _has(staffer, self._need):
            return False
        return {"staffer": staffer}
