"""eGov Mobile's one-time signing requests (domain.signing): each state change is a
compare-and-set, so two PUTs of one request, or a PUT and the expiry sweep, never both win."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from domain.signing import SigningRequestRow, SigningStatus
from storage.models import SigningRequest
from storage.repositories.base import Repository, table_of

_NAMES = tuple(f.name for f in fields(SigningRequestRow))
_COLUMNS = tuple(getattr(SigningRequest, name) for name in _NAMES)


def _row(row: Any) -> SigningRequestRow:
    values = dict(row if isinstance(row, dict) else row._mapping)
    values["content"] = bytes(values["content"])
    values["details"] = dict(values["details"] or {})
    return SigningRequestRow(**values)


_REQUESTS = table_of(SigningRequest)
_GET = select(*_COLUMNS).where(SigningRequest.id == bindparam("request_id"))
_WITH_TOKEN = select(*_COLUMNS, SigningRequest.token_hash).where(
    SigningRequest.id == bindparam("request_id")
)
_SET_TOKEN = (
    update(_REQUESTS)
    .where(_REQUESTS.c.id == bindparam("request_id"), _REQUESTS.c.status == SigningStatus.PENDING)
    .values(token_hash=bindparam("token"))
)
_FINISH = (
    update(_REQUESTS)
    .where(
        _REQUESTS.c.id == bindparam("request_id"),
        _REQUESTS.c.status == SigningStatus.PENDING,
        _REQUESTS.c.expires_at > bindparam("now"),
    )
    .values(status=bindparam("to"), finished_at=bindparam("now"), outcome=bindparam("why"))
)


class SigningRequestRepository(Repository):
    async def add(self, row: SigningRequestRow, token_hash: str) -> None:
        values = {f.name: getattr(row, f.name) for f in fields(SigningRequestRow)}
        await self.session.execute(insert(SigningRequest).values(token_hash=token_hash, **values))

    async def get(self, request_id: str) -> SigningRequestRow | None:
        row = (await self.session.execute(_GET, {"request_id": request_id})).first()
        return _row(row) if row is not None else None

    async def with_token_hash(self, request_id: str) -> tuple[SigningRequestRow, str] | None:
        """The request and the hash of the token API №1 handed out last."""
        found = (await self.session.execute(_WITH_TOKEN, {"request_id": request_id})).first()
        if found is None:
            return None
        *values, stored = found
        return _row(dict(zip(_NAMES, values, strict=True))), str(stored)

    async def set_token(self, request_id: str, token_hash: str) -> None:
        """A new one-time token: the one API №1 hands out replaces any before it."""
        await self.session.execute(_SET_TOKEN, {"request_id": request_id, "token": token_hash})

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

    async def finish(
        self, request_id: str, *, to: SigningStatus, now: datetime, outcome: str
    ) -> bool:
        """Compare-and-set from pending, only before expiry: the request is used, declined or
        cancelled."""
        params = {"request_id": request_id, "to": to, "now": now, "why": outcome}
        return bool((await self.session.execute(_FINISH, params)).rowcount)  # type: ignore[attr-defined]

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
            .where(SigningRequest.status == SigningStatus.PENDING, SigningRequest.expires_at <= now)
            .order_by(SigningRequest.expires_at)
            .limit(limit)
        )
        return [_row(row) for row in await self.session.execute(query)]
