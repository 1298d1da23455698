"""eGov Mobile's one-time signing requests (domain.signing): each state change is a
compare-and-set, so two PUTs of one request, or a PUT and the expiry sweep, never both win."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from domain.signing import SigningRequestRow, SigningStatus
from storage.models import SigningRequest
from storage.repositories.base import Repository

_COLUMNS = tuple(getattr(SigningRequest, f.name) for f in fields(SigningRequestRow))
OPEN = (SigningStatus.PENDING, SigningStatus.VERIFYING)


def _row(row: Any) -> SigningRequestRow:
    values = dict(row._mapping)
    values["content"] = bytes(values["content"])
    values["details"] = dict(values["details"] or {})
    return SigningRequestRow(**values)


class SigningRequestRepository(Repository):
    async def add(self, row: SigningRequestRow, token_hash: str) -> None:
        values = {f.name: getattr(row, f.name) for f in fields(SigningRequestRow)}
        await self.session.execute(insert(SigningRequest).values(token_hash=token_hash, **values))

    async def get(self, request_id: str) -> SigningRequestRow | None:
        query = select(*_COLUMNS).where(SigningRequest.id == request_id)
        row = (await self.session.execute(query)).first()
        return _row(row) if row is not None else None

    async def token_hash(self, request_id: str) -> str | None:
        query = select(SigningRequest.token_hash).where(SigningRequest.id == request_id)
        return await self.session.scalar(query)

    async def set_token(self, request_id: str, token_hash: str) -> None:
        """A new one-time token: the one API №1 hands out replaces any before it."""
        await self.session.execute(
            update(SigningRequest)
            .where(SigningRequest.id == request_id, SigningRequest.status == SigningStatus.PENDING)
            .values(token_hash=token_hash)
        )

    async def move(
        self,
        request_id: str,
        *,
        expected: Iterable[SigningStatus],
        to: SigningStatus,
        now: datetime | None = None,
        **values: Any,
    ) -> bool:
        """Compare-and-set: only from one of `expected`, and, with `now`, only before expiry."""
        conditions = [
            SigningRequest.id == request_id,
            SigningRequest.status.in_(tuple(expected)),
        ]
        if now is not None:
            conditions.append(SigningRequest.expires_at > now)
        result = await self.session.execute(
            update(SigningRequest)
            .where(*conditions)
            .values(status=to, **values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set_message(self, request_id: str, message_id: int) -> None:
        await self.session.execute(
            update(SigningRequest)
            .where(SigningRequest.id == request_id)
            .values(chat_message_id=message_id)
        )

    async def update_details(self, request_id: str, details: dict[str, Any]) -> None:
        await self.session.execute(
            update(SigningRequest).where(SigningRequest.id == request_id).values(details=details)
        )

    async def due(self, now: datetime, limit: int) -> list[SigningRequestRow]:
        """Open requests whose time ran out, oldest first."""
        query = (
            select(*_COLUMNS)
            .where(SigningRequest.status.in_(OPEN), SigningRequest.expires_at <= now)
            .order_by(SigningRequest.expires_at)
            .limit(limit)
        )
        return [_row(row) for row in await self.session.execute(query)]
