"""R5, in one place: whether an application may choose a kindergarten now, and which places.

Everything that decides it asks here: the card's button (services/journal.py), the list of
places and the signing (services/queue.py, services/referrals/issue.py), and the allocation's
SQL (`ApplicationRepository.candidates` takes its filter from `offer_filter`; a property test
holds that SQL to `may_be_offered` on random data). The facts come from storage; the rule is
pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.dto import OfferRow
from domain.enums import ApplicationStatus, KindergartenKind

MINIMUM_AGE_YEARS = 2  # R5 (a), ordinary kindergartens only


class ChoiceScope(StrEnum):
    """Which places an application may take when choosing is open."""

    TURN = "turn"  # R6: its turn came; any place of its pool that nobody holds yet
    FREE_CHOICE = "free_choice"  # R8: only the free-choice places


class Obstacle(StrEnum):
    """Why choosing is closed, in the order they are checked."""

    STOP_LISTED = "stop_listed"  # R12
    HAS_REFERRAL = "has_referral"  # this application's or another of the child's (R5)
    ENROLLED = "enrolled"
    REMOVED = "removed"  # R13
    TOO_YOUNG = "too_young"  # R5 (a)
    ENROLLED_ELSEWHERE = "enrolled_elsewhere"  # R16, sanatorium kindergartens
    NO_TURN = "no_turn"  # R5 (b): neither its turn nor a free-choice place


@dataclass(frozen=True, slots=True)
class Closed:
    obstacle: Obstacle
    until: datetime | None = None  # STOP_LISTED: the stop-list's end
    from_date: date | None = None  # TOO_YOUNG: the second birthday


@dataclass(frozen=True, slots=True)
class ChoiceFacts:
    """What R5 looks at, as storage reads it for one application."""

    status: ApplicationStatus
    kind: KindergartenKind
    child_birth_date: date
    stop_listed_until: datetime | None
    child_enrolled: bool
    child_has_other_referral: bool
    has_own_offer: bool  # an active offer: its turn came (R6)
    free_choice_exists: bool  # a free-choice place of its pool (R8)


@dataclass(frozen=True, slots=True)
class ChoiceContext:
    """What storage reads for R5 beyond the application's own row, in one statement."""

    child_enrolled: bool
    child_has_other_referral: bool
    free_choice_exists: bool
    active_offer: OfferRow | None  # R6: its turn came (read whatever the status says)


@dataclass(frozen=True, slots=True)
class OfferFilter:
    """R5 as the allocation's SQL applies it to in-queue applications (see the module's note)."""

    born_on_or_before: date | None  # ordinary kindergartens: 2 full years old today
    exclude_enrolled: bool  # R16: a sanatorium referral only for a child enrolled nowhere


def born_on_or_before_for_age(today: date, years: int = MINIMUM_AGE_YEARS) -> date:
    """The latest birth date of a child who is at least `years` full years old today."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February: a child born that day is 2 on 1 March
        return today.replace(year=today.year - years, day=28)


def second_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + MINIMUM_AGE_YEARS)
    except ValueError:
        return date(born.year + MINIMUM_AGE_YEARS, 3, 1)


def offer_filter(kind: KindergartenKind, today: date) -> OfferFilter:
    ordinary = kind is KindergartenKind.ORDINARY
    return OfferFilter(
        born_on_or_before=born_on_or_before_for_age(today) if ordinary else None,
        exclude_enrolled=not ordinary,
    )


def obstacle(facts: ChoiceFacts, today: date) -> Closed | None:
    """What stops this application from obtaining a referral at all now (R5, R12, R13, R16)."""
    status = facts.status
    if status is ApplicationStatus.STOP_LISTED:
        return Closed(Obstacle.STOP_LISTED, until=facts.stop_listed_until)
    if status is ApplicationStatus.REFERRAL_ISSUED or facts.child_has_other_referral:
        return Closed(Obstacle.HAS_REFERRAL)
    if status in (ApplicationStatus.ENROLLED, ApplicationStatus.REMOVED):
        return Closed(Obstacle(status.value))
    rule = offer_filter(facts.kind, today)
    if rule.born_on_or_before is not None and facts.child_birth_date > rule.born_on_or_before:
        return Closed(Obstacle.TOO_YOUNG, from_date=second_birthday(facts.child_birth_date))
    if rule.exclude_enrolled and facts.child_enrolled:
        return Closed(Obstacle.ENROLLED_ELSEWHERE)
    return None


def choice(facts: ChoiceFacts, today: date) -> ChoiceScope | Closed:
    """R5: open (and to which places), or closed and why. R5 (c), a place it may take, is the
    list's own business: the scope names the places, the list finds them."""
    closed = obstacle(facts, today)
    if closed is not None:
        return closed
    if facts.status is ApplicationStatus.NOTIFIED and facts.has_own_offer:
        return ChoiceScope.TURN
    if facts.free_choice_exists:
        return ChoiceScope.FREE_CHOICE
    return Closed(Obstacle.NO_TURN)


def may_be_offered(facts: ChoiceFacts, today: date) -> bool:
    """R6: an application to which the allocation may offer a place now: in the queue (not yet
    notified) and nothing stops it from obtaining a referral."""
    return facts.status is ApplicationStatus.IN_QUEUE and obstacle(facts, today) is None
