"""What a kindergarten's staff do through the bot (R12, R16, R17), for their own kindergarten."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.dto import ExpectedArrival, KindergartenRow, ReferralRow
from services.calendar import WorkCalendar
from services.clock import Clock
from services.errors import InvalidCommand, KindergartenNotFound, ReferralNotFound
from services.iin import parse_iin
from services.referrals import ReferralStaffActions
from services.staff.roles import Staffer
from storage.uow import UnitOfWorkFactory

# The verification link's code (R11) as it appears in a scanned QR: the whole link, or `v_<code>`.
_LINK_CODE = re.compile(r"(?:start=|^/start\s+)?v_([A-Za-z0-9_-]+)\s*$")


def referral_key(text: str) -> str:
    """A referral number, or the code of its QR/verification link in any of its spellings."""
    value = text.strip()
    if not value:
        raise InvalidCommand("referral_missing")
    found = _LINK_CODE.search(value)
    return found.group(1) if found else value


@dataclass(frozen=True, slots=True)
class ArrivalsToday:
    kindergarten: KindergartenRow
    expected: list[ExpectedArrival]
    lapsing: list[ExpectedArrival]  # R12 ends before the end of the next working day


class KindergartenDesk:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        calendar: WorkCalendar,
        staff_actions: ReferralStaffActions,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._calendar = calendar
        self._actions = staff_actions

    async def record_arrival(self, by: Staffer, text: str) -> ReferralRow:
        """R12 closed, R16 enrolment: by the referral's number or its QR code."""
        return await self._actions.record_arrival(
            referral_key(text), by.require_kindergarten(), by.actor()
        )

    async def record_arrival_by_id(self, by: Staffer, referral_id: int) -> ReferralRow:
        """The same, from the button under a scanned QR code's verification answer."""
        kindergarten_id = by.require_kindergarten()
        async with self._uow.read() as uow:
            referral = await uow.referrals.get(referral_id)
        if referral is None:
            raise ReferralNotFound()
        return await self._actions.record_arrival(referral.number, kindergarten_id, by.actor())

    def may_record_arrival(self, by: Staffer | None, kindergarten_id: int) -> bool:
        return by is not None and by.kindergarten_id == kindergarten_id

    async def record_discharge(self, by: Staffer, child_iin: str) -> None:
        kindergarten_id = by.require_kindergarten()
        iin = parse_iin(child_iin.strip()).value
        await self._actions.record_discharge(iin, kindergarten_id, by.actor())

    async def record_documents(self, by: Staffer, text: str, presented: bool) -> ReferralRow:
        return await self._actions.record_documents(
            referral_key(text), by.require_kindergarten(), presented, by.actor()
        )

    async def today(self, by: Staffer) -> ArrivalsToday:
        kindergarten_id = by.require_kindergarten()
        async with self._uow.read() as uow:
            kindergarten = await uow.kindergartens.get(kindergarten_id)
            if kindergarten is None:
                raise KindergartenNotFound()
            expected = await uow.referrals.active_at(kindergarten_id)
        horizon = self._calendar.end_of_working_days(self._clock.now(), 1)
        return ArrivalsToday(
            kindergarten, expected, [e for e in expected if e.referral.lapses_at <= horizon]
        )
