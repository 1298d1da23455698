"""R5 as the chat and the services refuse it: the rule itself is domain.eligibility."""

from __future__ import annotations

from domain.eligibility import Closed, Obstacle
from services.errors import DomainError, NotEligible, StopListed


def closed_error(closed: Closed) -> DomainError:
    """The refusal a closed choice gives, with what its sentence needs."""
    if closed.obstacle is Obstacle.STOP_LISTED:
        assert closed.until is not None
        return StopListed(closed.until)
    if closed.obstacle is Obstacle.TOO_YOUNG:
        return NotEligible(closed.obstacle.value, from_date=closed.from_date)
    return NotEligible(closed.obstacle.value)
