"""R6 in SQL, one definition: the counts an application's place in the queue is computed from
(services.queue.position_from). The position statement (`ApplicationRepository.standing`) and
the card's one statement (storage.repositories.cards) both build them here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import FromClause, case, func, select, true, tuple_

from domain.enums import WAITING_STATUSES, Benefit
from storage.repositories.base import one_of


def position_counts(
    waiting: FromClause,
    *,
    queue_id: Any,
    group_year: Any,
    kind: Any,
    benefit: Any,
    submitted_at: Any,
    application_id: Any,
    ratio_first: Any,
    applies: Any = None,
) -> list[Any]:
    """[out-of-turn, first-priority, general, of its own category before it]: the waiting
    applications of the pool (`waiting`, the applications table or an alias of it). Only what
    the arithmetic uses is counted: out-of-turn ones stand before the others; first-priority
    ones before general ones, or, with a ratio, interleaved with them. `applies` (the card's
    "the application is waiting") turns every count into 0 when false."""
    w = waiting.c
    guard = true() if applies is None else applies

    def count(*conditions: Any) -> Any:
        return (
            select(func.count())
            .select_from(waiting)
            .where(
                w.queue_id == queue_id,
                w.group_year == group_year,
                w.kind == kind,
                one_of(w.status, WAITING_STATUSES),
                *conditions,
            )
            .scalar_subquery()
        )

    needed = {
        Benefit.OUT_OF_TURN: benefit != Benefit.OUT_OF_TURN,
        Benefit.FIRST: benefit == Benefit.NONE,
        Benefit.NONE: (benefit == Benefit.FIRST) & ratio_first.is_not(None),
    }
    # A row-value comparison is one index range; the OR of its halves would scan the category.
    before = tuple_(w.submitted_at, w.id) < tuple_(submitted_at, application_id)
    earlier = count(w.benefit == benefit, before)
    return [
        *(case((guard & needed[b], count(w.benefit == b)), else_=0) for b in Benefit),
        earlier if applies is None else case((applies, earlier), else_=0),
    ]
