from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from domain.dto import OfferRow
from domain.enums import OfferStatus
from storage.models import Offer
from storage.repositories._rows import OFFER_COLUMNS, offer_row
from storage.repositories.base import CHUNK, Repository, table_of

_OFFERS = table_of(Offer)
_USE = (
    update(_OFFERS)
    .where(_OFFERS.c.id == bindparam("offer_id"), _OFFERS.c.status == OfferStatus.ACTIVE)
    .values(status=OfferStatus.USED, closed_at=bindparam("now"))
)


class OfferRepository(Repository):
    async def add_many(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(insert(Offer), list(rows))

    async def active_for(self, application_id: int) -> OfferRow | None:
        query = select(*OFFER_COLUMNS).where(
            Offer.application_id == application_id, Offer.status == OfferStatus.ACTIVE
        )
        row = (await self.session.execute(query)).first()
        return offer_row(row) if row else None

    async def active_on_place(self, place_id: int) -> OfferRow | None:
        query = select(*OFFER_COLUMNS).where(
            Offer.place_id == place_id, Offer.status == OfferStatus.ACTIVE
        )
        row = (await self.session.execute(query)).first()
        return offer_row(row) if row else None

    async def due(self, now: datetime, limit: int) -> list[OfferRow]:
        """R8: active offers whose window is over, earliest first, each claimed by this
        transaction (another instance skips them)."""
        query = (
            select(*OFFER_COLUMNS)
            .where(Offer.status == OfferStatus.ACTIVE, Offer.expires_at < now)
            .order_by(Offer.expires_at, Offer.id)
            .limit(limit)
        )
        if self.locks_rows:
            query = query.with_for_update(skip_locked=True)
        return [offer_row(r) for r in await self.session.execute(query)]

    async def earliest_due(self, now: datetime) -> datetime | None:
        query = select(func.min(Offer.expires_at)).where(
            Offer.status == OfferStatus.ACTIVE, Offer.expires_at < now
        )
        return await self.session.scalar(query)

    async def close(self, offer_ids: Sequence[int], *, to: OfferStatus, now: datetime) -> int:
        closed = 0
        for start in range(0, len(offer_ids), CHUNK):
            result = await self.session.execute(
                update(Offer)
                .where(
                    self.ids_in(Offer.id, offer_ids[start : start + CHUNK]),
                    Offer.status == OfferStatus.ACTIVE,
                )
                .values(status=to, closed_at=now)
                .execution_options(synchronize_session=False)
            )
            closed += result.rowcount  # type: ignore[attr-defined]
        return closed

    async def use(self, offer_id: int, now: datetime) -> bool:
        """The active offer is used: its place was taken (R10). False when no longer active."""
        result = await self.session.execute(_USE, {"offer_id": offer_id, "now": now})
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def move_to_place(self, offer_id: int, place_id: int) -> bool:
        result = await self.session.execute(
            update(Offer)
            .where(Offer.id == offer_id, Offer.status == OfferStatus.ACTIVE)
            .values(place_id=place_id)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
