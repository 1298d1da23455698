"""An administrator's message to the parents of their districts: through the outbox, so it keeps
Telegram's limits and each parent gets it once."""

from __future__ import annotations

from dataclasses import dataclass

from domain.audit import AuditRecord, Change
from domain.enums import AuditEntity
from domain.notices import Notice, NoticeEvent
from services.clock import Clock
from services.errors import InvalidCommand
from services.notices import Postbox
from services.staff.roles import Staffer
from storage.uow import UnitOfWorkFactory

MAX_TEXT = 3000  # characters: Telegram's 4096 less the title the notice adds


@dataclass(frozen=True, slots=True)
class BroadcastPreview:
    text: str
    recipients: int


def _text(raw: str) -> str:
    text = raw.strip()
    if not text:
        raise InvalidCommand("broadcast_empty")
    if len(text) > MAX_TEXT:
        raise InvalidCommand("broadcast_too_long", length=len(text), maximum=MAX_TEXT)
    return text


class BroadcastDesk:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, postbox: Postbox) -> None:
        self._uow = uow
        self._postbox = postbox
        self._clock = clock

    def _districts(self, by: Staffer) -> frozenset[int] | None:
        by.require_admin()
        return None if by.superadmin else by.district_ids

    async def preview(self, by: Staffer, raw: str) -> BroadcastPreview:
        text = _text(raw)
        async with self._uow.read() as uow:
            targets = await uow.statistics.broadcast_targets(self._districts(by))
        return BroadcastPreview(text, len(targets))

    async def send(self, by: Staffer, raw: str) -> int:
        """Queues the message for every parent of the scope; returns how many."""
        text = _text(raw)
        now = self._clock.now()
        occasion = f"{by.telegram_user_id}-{now:%Y%m%dT%H%M%S%f}"
        async with self._uow() as uow:
            targets = await uow.statistics.broadcast_targets(self._districts(by))
            await self._postbox.post(
                uow.outbox,
                [
                    Notice(application_id, NoticeEvent.BROADCAST, occasion, now, {"text": text})
                    for application_id in targets
                ],
            )
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=by.actor(),
                    action="broadcast",
                    change=Change(AuditEntity.BROADCAST, occasion),
                    details={"text": text, "recipients": len(targets)},
                )
            )
            await uow.commit()
        return len(targets)
