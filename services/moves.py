"""Why an application's place in the queue moved since the parent last opened its card: the
places given to applications ahead, the applications ahead that left the queue, and the
out-of-turn or first-priority applications added ahead — counted from the audit log and the
queue (storage/repositories/moves.py), never guessed, and never who they were. The card keeps
what each parent last saw per application; it writes only when the place changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.dto import ApplicationRow, Position
from services.clock import Clock
from storage.uow import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class Move:
    since: datetime  # when the parent saw the place `before`
    before: int
    after: int
    given: int  # places given to applications ahead (their referrals)
    left: int  # applications ahead that left the queue while waiting
    added: int  # out-of-turn or first-priority applications added ahead


class MoveService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def seen(
        self, parent_iin: str, application: ApplicationRow, position: Position
    ) -> Move | None:
        """The move since this parent last saw the card, if the place changed; the place they
        see now is remembered."""
        now = self._clock.now()
        async with self._uow.glance() as glances:
            last = await glances.last_seen(parent_iin, application.id)
        if last is not None and last[0] == position.position:
            return None
        move = None
        async with self._uow() as uow:
            if last is not None:
                before, since = last
                move = Move(
                    since=since,
                    before=before,
                    after=position.position,
                    given=await uow.moves.given_ahead(application, since),
                    left=await uow.moves.left_ahead(application, since),
                    added=await uow.moves.added_ahead(application, since),
                )
            await uow.moves.saw(parent_iin, application.id, position.position, now)
            await uow.commit()
        return move
