"""What a parent last saw on a card, and what moved the application's place since: counted from
the audit log and the queue (services/moves.py words it). "Ahead" is the queue's order (R6):
out-of-turn, then first-priority, then the rest, each by submission."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, func, or_, select, update
from sqlalchemy.orm import aliased

from domain.dto import ApplicationRow
from domain.enums import WAITING_STATUSES, ApplicationStatus, Benefit
from storage.models import Application, AuditEntry, CardView
from storage.repositories.base import Reads, Repository

_CATEGORY = {Benefit.OUT_OF_TURN: 0, Benefit.FIRST: 1, Benefit.NONE: 2}
_LEFT = (ApplicationStatus.REMOVED.value, ApplicationStatus.ENROLLED.value)
_WAITING = tuple(status.value for status in WAITING_STATUSES)


def _ahead_of(application: ApplicationRow, other: Any) -> Any:
    """`other` (an Application alias) stands before `application` in the same pool."""
    category = case(
        *((other.benefit == benefit, rank) for benefit, rank in _CATEGORY.items()), else_=2
    )
    own = _CATEGORY[application.benefit]
    return and_(
        other.queue_id == application.queue_id,
        other.group_year == application.group_year,
        other.kind == application.kind,
        other.id != application.id,
        or_(
            category < own,
            and_(
                category == own,
                or_(
                    other.submitted_at < application.submitted_at,
                    and_(
                        other.submitted_at == application.submitted_at,
                        other.id < application.id,
                    ),
                ),
            ),
        ),
    )


_LAST_SEEN = select(CardView.position, CardView.seen_at).where(
    CardView.parent_iin == bindparam("parent_iin"),
    CardView.application_id == bindparam("application_id"),
)


async def read_last_seen(
    reads: Reads, parent_iin: str, application_id: int
) -> tuple[int, datetime] | None:
    """(place, when) the parent last saw on the card: a glance on the card's hot path."""
    row = (
        await reads.execute(
            _LAST_SEEN, {"parent_iin": parent_iin, "application_id": application_id}
        )
    ).first()
    return None if row is None else (int(row[0]), row[1])


class MoveRepository(Repository):
    async def saw(self, parent_iin: str, application_id: int, position: int, now: datetime) -> None:
        await self.update_or_add(
            update(CardView)
            .where(CardView.parent_iin == parent_iin, CardView.application_id == application_id)
            .values(position=position, seen_at=now),
            CardView(
                parent_iin=parent_iin, application_id=application_id, position=position, seen_at=now
            ),
        )

    async def given_ahead(self, application: ApplicationRow, since: datetime) -> int:
        """Applications ahead that obtained a referral since then (their place was given)."""
        return await self._audited_ahead(application, since, AuditEntry.action == "referral_issued")

    async def left_ahead(self, application: ApplicationRow, since: datetime) -> int:
        """Applications ahead that left the queue while waiting: removed or enrolled."""
        return await self._audited_ahead(
            application,
            since,
            AuditEntry.from_state.in_(_WAITING),
            AuditEntry.to_state.in_(_LEFT),
        )

    async def _audited_ahead(
        self, application: ApplicationRow, since: datetime, *events: Any
    ) -> int:
        """Applications ahead with an audit entry since then that matches `events`, each once."""
        other = aliased(Application)
        query = (
            select(func.count(func.distinct(AuditEntry.application_id)))
            .join(other, other.id == AuditEntry.application_id)
            .where(AuditEntry.at > since, *events, _ahead_of(application, other))
        )
        return int((await self.session.execute(query)).scalar_one())

    async def added_ahead(self, application: ApplicationRow, since: datetime) -> int:
        """Out-of-turn and first-priority applications added ahead since then."""
        other = aliased(Application)
        query = select(func.count(other.id)).where(
            other.added_at > since,
            other.benefit.in_((Benefit.OUT_OF_TURN, Benefit.FIRST)),
            _ahead_of(application, other),
        )
        return int((await self.session.execute(query)).scalar_one())
