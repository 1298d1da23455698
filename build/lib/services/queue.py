"""R5, R6, R9: where an application stands, and which places it may choose now."""

from __future__ import annotations

from dataclasses import dataclass

from domain.dto import ApplicationRow, OfferRow, PlaceChoice, Position
from domain.eligibility import ChoiceFacts, ChoiceScope, Closed, choice
from domain.enums import WAITING_STATUSES, ApplicationStatus, Benefit, PlaceState
from domain.queue_order import Ahead, Ratio, ahead_of_first, ahead_of_general
from services.clock import Clock, to_almaty
from services.eligibility import closed_error
from services.errors import NotEligible
from services.ownership import check_owner
from storage.uow import UnitOfWork, UnitOfWorkFactory

# A notified application may take any place of its pool that nobody holds yet (it trades its
# own reservation if it takes one reserved for another); any other waiting application may take
# only free-choice places (R8).
PLACE_STATES = {
    ChoiceScope.TURN: (PlaceState.FREE, PlaceState.FREE_CHOICE, PlaceState.OFFERED),
    ChoiceScope.FREE_CHOICE: (PlaceState.FREE_CHOICE,),
}


@dataclass(frozen=True, slots=True)
class Choosing:
    """R5 open: the place states this application may take, and its own reservation (R6)."""

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


async def choosing(uow: UnitOfWork, application: ApplicationRow, clock: Clock) -> Choosing:
    """R5 (domain.eligibility) over the application's facts as they are now: raises why choosing
    is closed, or says which places this application may take."""
    context = await uow.choices.context(application.id)
    offer = context.active_offer if application.status is ApplicationStatus.NOTIFIED else None
    facts = ChoiceFacts(
        status=application.status,
        kind=application.kind,
        child_birth_date=application.child_birth_date,
        stop_listed_until=application.stop_listed_until,
        child_enrolled=context.child_enrolled,
        child_has_other_referral=context.child_has_other_referral,
        has_own_offer=offer is not None,
        free_choice_exists=context.free_choice_exists,
    )
    scope = choice(facts, to_almaty(clock.now()).date())
    if isinstance(scope, Closed):
        raise closed_error(scope)
    return Choosing(PLACE_STATES[scope], offer if scope is ChoiceScope.TURN else None)


class QueueService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def position(self, application_id: int) -> Position | None:
        async with self._uow.read() as uow:
            application = await uow.applications.get(application_id)
            return None if application is None else await position_in_queue(uow, application)

    async def choices(self, application_id: int, parent_iin: str) -> list[PlaceChoice]:
        """R9: the places this parent's application (R3) may choose now, per kindergarten and
        language."""
        async with self._uow.read() as uow:
            application = check_owner(await uow.applications.get(application_id), parent_iin)
            open_ = await choosing(uow, application, self._clock)
            choices = await uow.places.choices(
                application.pool,
                states=open_.states,
                also_place_id=open_.own_offer.place_id if open_.own_offer else None,
            )
            if not choices:
                raise NotEligible("no_free_places")
            return choices
