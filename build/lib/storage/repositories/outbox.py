"""The outbox: notices written with the changes that cause them, claimed by a sender under a
lease, and each one's outcome.

This module is long because the outbox's life is one protocol (write, claim under a lease,
finish or release, report): its statements agree on the statuses and the lease columns, and
reading them side by side is how one checks that a row is never sent twice nor lost."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, or_, select, update

from domain.enums import ApplicationStatus, DocumentsStatus, OfferStatus, ReferralStatus
from domain.notices import Channel, Notice, NoticeEvent
from domain.outbox import Claimed, Facts, OutboxStatus
from storage.bulk import BulkInsert
from storage.models import (
    OUTBOX_TABLE,
    Application,
    Child,
    Kindergarten,
    Offer,
    OutboxMessage,
    ParentAccount,
    Referral,
    TelegramUser,
)
from storage.repositories.base import CHUNK, Repository, one_of
from storage.types import sql_constant

# A notice whose key is already there for its channel is the same notice: written once.
_INSERT = BulkInsert(
    OUTBOX_TABLE,
    [
        "idempotency_key",
        "channel",
        "application_id",
        "event",
        "payload",
        "created_at",
        "status",
        "attempts",
        "next_attempt_at",
    ],
    ignore_conflicts=True,
)
_USERS = cast(Table, TelegramUser.__table__)
_CLEAR_LEASE = {"lease_owner": None, "lease_until": None}


_FACTS = (
    select(
        Application.id,
        Application.number,
        Application.status,
        Child.surname,
        Child.name,
        _USERS.c.telegram_user_id,
        _USERS.c.blocked_at,
        _USERS.c.locale,
        ParentAccount.email,
        Offer.expires_at,
        Referral.number.label("referral_number"),
        Referral.lapses_at,
        Referral.revocable_until,
        Referral.extended_days,
        Referral.documents_status,
        Kindergarten.name_kk,
        Kindergarten.name_ru,
    )
    .select_from(Application)
    .outerjoin(Child, Child.iin == Application.child_iin)
    .outerjoin(_USERS, _USERS.c.parent_iin == Application.applicant_iin)
    .outerjoin(ParentAccount, ParentAccount.iin == Application.applicant_iin)
    .outerjoin(
        Offer, and_(Offer.application_id == Application.id, Offer.status == OfferStatus.ACTIVE)
    )
    .outerjoin(
        Referral,
        and_(Referral.application_id == Application.id, Referral.status == ReferralStatus.ACTIVE),
    )
    .outerjoin(Kindergarten, Kindergarten.id == Referral.kindergarten_id)
)


def _facts(row: Any) -> Facts:
    return Facts(
        application_id=row.id,
        number=row.number,
        status=ApplicationStatus(row.status),
        child_name=" ".join(p for p in (row.surname, row.name) if p),
        chat_id=row.telegram_user_id,
        chat_blocked=row.blocked_at is not None,
        locale=row.locale,
        email=row.email,
        offer_expires_at=row.expires_at,
        referral_number=row.referral_number,
        referral_lapses_at=row.lapses_at,
        referral_revocable_until=row.revocable_until,
        referral_extended=bool(row.extended_days),
        documents_status=DocumentsStatus(row.documents_status) if row.documents_status else None,
        kindergarten_kk=row.name_kk,
        kindergarten_ru=row.name_ru,
    )


class OutboxRepository(Repository):
    wrote = False  # rows were added in this transaction: its commit rings the doorbell

    async def add_many(self, addressed: Sequence[tuple[Notice, Channel]]) -> None:
        """One row per notice and channel; a key already there for its channel is skipped."""
        if addressed:
            self.wrote = True
        await _INSERT.run_tuples(
            self.session,
            [
                (
                    n.idempotency_key,
                    channel.value,
                    n.application_id,
                    n.event.value,
                    n.payload,
                    n.at,
                    OutboxStatus.PENDING,
                    0,
                    n.send_at,
                )
                for n, channel in addressed
            ],
        )

    async def claim(
        self, channel: Channel, now: datetime, limit: int, owner: str, lease_until: datetime
    ) -> list[Claimed]:
        """Due rows of one channel, and rows whose sender's lease ran out (it died mid-send),
        earliest first, marked as this sender's until the lease ends. On PostgreSQL another
        sender skips the rows this one is claiming."""
        due = or_(
            and_(
                OutboxMessage.status == sql_constant(OutboxStatus.PENDING),
                OutboxMessage.next_attempt_at <= now,
            ),
            and_(
                OutboxMessage.status == sql_constant(OutboxStatus.SENDING),
                OutboxMessage.lease_until < now,
            ),
        )
        chosen = (
            select(OutboxMessage.id)
            .where(OutboxMessage.channel == channel.value, due)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
        if self.locks_rows:
            chosen = chosen.with_for_update(skip_locked=True)
        statement = (
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(chosen.scalar_subquery()))
            .values(status=OutboxStatus.SENDING, lease_owner=owner, lease_until=lease_until)
            .returning(
                OutboxMessage.id,
                OutboxMessage.event,
                OutboxMessage.application_id,
                OutboxMessage.payload,
                OutboxMessage.attempts,
                OutboxMessage.next_attempt_at,
            )
            .execution_options(synchronize_session=False)
        )
        rows = (await self.session.execute(statement)).all()
        claimed = [
            Claimed(
                id=row.id,
                channel=channel,
                event=NoticeEvent(row.event),
                application_id=row.application_id,
                payload=row.payload or {},
                attempts=row.attempts,
                due_at=row.next_attempt_at,
            )
            for row in rows
        ]
        claimed.sort(key=lambda c: (c.due_at, c.id))
        return claimed

    async def facts(self, application_ids: Iterable[int]) -> dict[int, Facts]:
        """Everything a notice needs about its application and parent, as it is now."""
        ids = sorted(set(application_ids))
        found: dict[int, Facts] = {}
        for start in range(0, len(ids), CHUNK):
            chosen = self.ids_in(Application.id, ids[start : start + CHUNK])
            for row in await self.session.execute(_FACTS.where(chosen)):
                if row.id not in found:  # one chat per parent is kept at login; the first wins
                    found[row.id] = _facts(row)
        return found

    async def finish(
        self, outbox_id: int, owner: str, *, status: str, now: datetime, **values: Any
    ) -> bool:
        """Records how a claimed row ended; a sender that lost its lease records nothing."""
        if status == OutboxStatus.SENT:
            values["sent_at"] = now
        result = await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == outbox_id,
                OutboxMessage.status == sql_constant(OutboxStatus.SENDING),
                OutboxMessage.lease_owner == owner,
            )
            .values(status=status, **_CLEAR_LEASE, **values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def release(self, outbox_ids: Sequence[int], owner: str) -> None:
        """Claimed rows this sender will not send after all: pending again, due as before."""
        for start in range(0, len(outbox_ids), CHUNK):
            await self.session.execute(
                update(OutboxMessage)
                .where(
                    self.ids_in(OutboxMessage.id, outbox_ids[start : start + CHUNK]),
                    OutboxMessage.status == sql_constant(OutboxStatus.SENDING),
                    OutboxMessage.lease_owner == owner,
                )
                .values(status=OutboxStatus.PENDING, **_CLEAR_LEASE)
                .execution_options(synchronize_session=False)
            )

    async def skip_many(self, reasons: Sequence[tuple[int, str]], owner: str) -> None:
        if not reasons:
            return
        table = OUTBOX_TABLE
        # Core, not ORM: an ORM UPDATE with many parameter sets is a bulk update by primary key.
        await self.session.execute(
            update(table)
            .where(table.c.id == bindparam("outbox_id"), table.c.lease_owner == owner)
            .values(status=OutboxStatus.SKIPPED, last_error=bindparam("reason"), **_CLEAR_LEASE),
            [{"outbox_id": i, "reason": reason} for i, reason in reasons],
        )

    async def counts(self, now: datetime) -> dict[tuple[str, str], int]:
        """(channel, status) → rows; pending rows not yet due (reminders ahead) count as
        "scheduled"."""
        query = select(OutboxMessage.channel, OutboxMessage.status, func.count()).group_by(
            OutboxMessage.channel, OutboxMessage.status
        )
        result: dict[tuple[str, str], int] = {
            (str(c), str(s)): int(n) for c, s, n in await self.session.execute(query)
        }
        ahead = select(OutboxMessage.channel, func.count()).where(
            OutboxMessage.status == sql_constant(OutboxStatus.PENDING),
            OutboxMessage.next_attempt_at > now,
        )
        for channel, count in await self.session.execute(ahead.group_by(OutboxMessage.channel)):
            result[(str(channel), OutboxStatus.PENDING)] -= int(count)
            result[(str(channel), "scheduled")] = int(count)
        return result

    async def due_by_channel(self, now: datetime) -> dict[str, tuple[int, datetime]]:
        """Per channel: the messages due and not yet sent, and the moment the oldest came due."""
        query = (
            select(OutboxMessage.channel, func.count(), func.min(OutboxMessage.next_attempt_at))
            .where(
                one_of(OutboxMessage.status, (OutboxStatus.PENDING, OutboxStatus.SENDING)),
                OutboxMessage.next_attempt_at <= now,
            )
            .group_by(OutboxMessage.channel)
        )
        rows = await self.session.execute(query)
        return {str(channel): (int(count), oldest) for channel, count, oldest in rows}

    async def oldest_due(self, now: datetime) -> datetime | None:
        query = select(func.min(OutboxMessage.next_attempt_at)).where(
            one_of(OutboxMessage.status, (OutboxStatus.PENDING, OutboxStatus.SENDING)),
            OutboxMessage.next_attempt_at <= now,
        )
        return cast(datetime | None, await self.session.scalar(query))

    async def count_by_event(self) -> dict[str, int]:
        query = select(OutboxMessage.event, func.count()).group_by(OutboxMessage.event)
        rows = (await self.session.execute(query)).all()
        return {str(event): int(count) for event, count in rows}
