"""R10's taking of a place: the best place of the chosen kindergarten and language that this
application may take, claimed by compare-and-set; its own reservation used, or handed over when
it took a place reserved for another (R6)."""

from __future__ import annotations

from datetime import datetime

from domain.audit import Actor, AuditRecord, Change
from domain.dto import ApplicationRow, KindergartenRow, OfferRow, PlaceRow
from domain.enums import AuditEntity, Language, PlaceState
from services.errors import PlaceNoLongerFree
from services.queue import Choosing
from storage.uow import UnitOfWork


async def take_place(
    uow: UnitOfWork,
    application: ApplicationRow,
    kindergarten: KindergartenRow,
    language: Language,
    open_: Choosing,
    now: datetime,
) -> tuple[PlaceRow, list[Change]]:
    own_offer = open_.own_offer
    candidates = await uow.places.takeable(
        application.pool,
        kindergarten_id=kindergarten.id,
        language=language,
        states=open_.states,
        own_place_id=own_offer.place_id if own_offer else None,
    )
    for place in candidates:
        if await uow.places.take(
            place.id, expected=place.state, holder_application_id=application.id, now=now
        ):
            break
    else:
        raise PlaceNoLongerFree()
    changes = [Change(AuditEntity.PLACE, place.id, place.state, PlaceState.TAKEN)]
    if own_offer is not None:
        if place.id != own_offer.place_id:
            changes += await _hand_over_reservation(uow, application, own_offer, place, now)
        if not await uow.offers.use(own_offer.id, now):
            raise PlaceNoLongerFree()
    return place, changes


async def _hand_over_reservation(
    uow: UnitOfWork,
    application: ApplicationRow,
    own_offer: OfferRow,
    taken: PlaceRow,
    now: datetime,
) -> list[Change]:
    """The parent took a place other than the one reserved for them. If it was reserved for
    someone else, that reservation moves to the parent's former place; otherwise the parent's
    former place goes back to the queue (R6). Returns the changes to the parent's former place."""
    if taken.state is PlaceState.OFFERED:
        other = await uow.offers.active_on_place(taken.id)
        if other is not None and await uow.offers.move_to_place(other.id, own_offer.place_id):
            await uow.audit.add(
                AuditRecord(
                    at=now,
                    actor=Actor.parent(application.applicant_iin),
                    action="reservation_moved",
                    change=Change(AuditEntity.APPLICATION, other.application_id),
                    application_id=other.application_id,
                    details={"from_place_id": taken.id, "to_place_id": own_offer.place_id},
                )
            )
            return []
    await uow.places.set_state(
        [own_offer.place_id], to=PlaceState.FREE, expected=PlaceState.OFFERED, now=now
    )
    return [Change(AuditEntity.PLACE, own_offer.place_id, PlaceState.OFFERED, PlaceState.FREE)]
