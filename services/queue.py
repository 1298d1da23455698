"""R5, R6, R9: where an application stands, and which places it may choose now."""

from __future__ import annotations

from dataclasses import dataclass

from domain.dto import ApplicationRow, OfferRow, PlaceChoice, Position
from domain.enums import WAITING_STATUSES, ApplicationStatus, Benefit, PlaceState
from domain.queue_order import Ahead, Ratio, ahead_of_first, ahead_of_general
from services.clock import Clock, to_almaty
from services.eligibility import check_may_obtain
from services.errors import ApplicationNotFound, NotEligible, NotYourApplication
from storage.uow import UnitOfWork, UnitOfWorkFactory

# A notified application may take any place of its pool that nobody holds yet (it trades its
# own reservation if it takes one reserved for another); any other waiting application may take
# only free-choice places (R8).
TURN_STATES = (PlaceState.FREE, PlaceState.FREE_CHOICE, PlaceState.OFFERED)
FREE_CHOICE_STATES = (PlaceState.FREE_CHOICE,)


@dataclass(frozen=True, slots=True)
class ChoiceScope:
    states: tuple[PlaceState, ...]
    own_offer: OfferRow | None


async def position_in_queue(uow: UnitOfWork, application: ApplicationRow) -> Position | None:
    """R6: the place in the queue and how many of each category stand ahead."""
    if application.status not in WAITING_STATUSES:
        return None
    standing = await uow.applications.standing(application)
    return position_from(
        application, standing.waiting, standing.before, standing.queue.ratio, standing.cursor
    )


def position_from(
    application: ApplicationRow,
    counts: dict[Benefit, int],
    index: int,
    ratio: Ratio | None,
    cursor: int,
) -> Position | None:
    """The arithmetic of R6 over the counts of the application's pool."""
    if application.status not in WAITING_STATUSES:
        return None
    if application.benefit is Benefit.OUT_OF_TURN:
        ahead = Ahead(index, 0, 0)
    elif application.benefit is Benefit.FIRST:
        ahead = ahead_of_first(
            index, counts[Benefit.OUT_OF_TURN], counts[Benefit.NONE], ratio, cursor
        )
    else:
        ahead = ahead_of_general(
            index, counts[Benefit.OUT_OF_TURN], counts[Benefit.FIRST], ratio, cursor
        )
    return Position(position=ahead.total + 1, ahead=ahead)


async def choice_scope(uow: UnitOfWork, application: ApplicationRow, clock: Clock) -> ChoiceScope:
    """R5: raises why choosing is closed, or says which places this application may take."""
    child_enrolled = await uow.children.is_enrolled(application.child_iin)
    other_referral = await uow.applications.child_has_other_active(
        application.child_iin, application.id
    )
    check_may_obtain(
        application,
        today=to_almaty(clock.now()).date(),
        child_enrolled=child_enrolled,
        child_has_other_referral=other_referral,
    )
    if application.status is ApplicationStatus.NOTIFIED:
        offer = await uow.offers.active_for(application.id)
        if offer is not None:
            return ChoiceScope(TURN_STATES, offer)
    if await uow.places.has_state(application.pool, PlaceState.FREE_CHOICE):
        return ChoiceScope(FREE_CHOICE_STATES, None)
    raise NotEligible("no_turn")


class QueueService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def position(self, application_id: int) -> Position | None:
        async with self._uow.read() as uow:
            application = await uow.applications.get(application_id)
            return None if application is None else await position_in_queue(uow, application)

    async def choices(
        self, application_id: int, parent_iin: str | None = None
    ) -> list[PlaceChoice]:
        """R9: the places this application may choose now, per kindergarten and language; with
        `parent_iin`, only for that parent's own application (R3)."""
        async with self._uow.read() as uow:
            application = await uow.applications.get(application_id)
            if application is None:
                raise ApplicationNotFound()
            if parent_iin is not None and application.applicant_iin != parent_iin:
                raise NotYourApplication()
            scope = await choice_scope(uow, application, self._clock)
            choices = await uow.places.choices(
                application.pool,
                states=scope.states,
                also_place_id=scope.own_offer.place_id if scope.own_offer else None,
            )
            if not choices:
                raise NotEligible("no_free_places")
            return choices
