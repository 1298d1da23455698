"""Reading one application: its state, position, offer and referral."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.dto import ApplicationStatusView, OfferView, ReferralView
from services.clock import to_almaty
from services.errors import ApplicationNotFound
from services.queue import position_in_queue
from storage.uow import UnitOfWork, UnitOfWorkFactory


class ApplicationService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def status(self, number: str) -> ApplicationStatusView:
        async with self._uow.read() as uow:
            application = await uow.applications.by_number(number.strip())
            if application is None:
                raise ApplicationNotFound(number=number)
            return await status_view(uow, application.id)


async def status_view(uow: UnitOfWork, application_id: int) -> ApplicationStatusView:
    application = await uow.applications.get(application_id)
    if application is None:
        raise ApplicationNotFound()
    queue = await uow.queues.get(application.queue_id)
    offer_view = None
    offer = await uow.offers.active_for(application.id)
    if offer is not None:
        place = await uow.places.get(offer.place_id)
        kindergarten = await uow.kindergartens.get(place.kindergarten_id)
        assert kindergarten is not None
        offer_view = OfferView(kindergarten.code, kindergarten.id, offer.expires_at)
    referral_view = None
    referral = await uow.referrals.latest_for(application.id)
    if referral is not None:
        kindergarten = await uow.kindergartens.get(referral.kindergarten_id)
        assert kindergarten is not None
        referral_view = ReferralView(
            number=referral.number,
            kindergarten_code=kindergarten.code,
            status=referral.status,
            issued_at=referral.issued_at,
            lapses_at=referral.lapses_at,
            revocable_until=referral.revocable_until,
            extended=referral.extended_days > 0,
            extended_days=referral.extended_days,
            verification_code=referral.verification_code,
            documents_status=referral.documents_status,
            documents_due_at=referral.documents_due_at,
        )
    return ApplicationStatusView(
        application=application,
        queue_code=queue.code,
        position=await position_in_queue(uow, application),
        offer=offer_view,
        referral=referral_view,
    )


def status_json(view: ApplicationStatusView) -> dict[str, Any]:
    """The shape `python -m bot status NUMBER --json` promises (the queue-engine issue)."""
    application = view.application
    return {
        "number": application.number,
        "status": application.status.value,
        "position": view.position.position if view.position else None,
        "ahead": (
            {
                "out_of_turn": view.position.ahead.out_of_turn,
                "first": view.position.ahead.first,
                "none": view.position.ahead.none,
            }
            if view.position
            else None
        ),
        "group_year": application.group_year,
        "queue_code": view.queue_code,
        "kind": application.kind.value,
        "stop_listed_until": _iso(application.stop_listed_until),
        "misses": application.misses,
        "offer": (
            {
                "kindergarten_code": view.offer.kindergarten_code,
                "expires_at": _iso(view.offer.expires_at),
            }
            if view.offer
            else None
        ),
        "referral": (
            {
                "number": view.referral.number,
                "kindergarten_code": view.referral.kindergarten_code,
                "status": view.referral.status.value,
                "issued_at": _iso(view.referral.issued_at),
                "lapses_at": _iso(view.referral.lapses_at),
                "revocable_until": _iso(view.referral.revocable_until),
                "extended": view.referral.extended,
            }
            if view.referral
            else None
        ),
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else to_almaty(moment).isoformat()
