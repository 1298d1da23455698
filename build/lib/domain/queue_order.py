"""Queue order (R6) as arithmetic, so that a position needs only a few counts.

Out-of-turn applications always come first. First-priority and general applications follow
either in strict order (all first-priority, then the rest) or interleaved by a per-region ratio
`a:b`: a slots for first-priority, then b for general, repeating. The cycle continues across
allocations from a stored cursor, so places freed one at a time still honour the ratio. When one
category runs out, the other fills the remaining slots in its own order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Ratio:
    first: int
    general: int

    @classmethod
    def of(cls, first: int | None, general: int | None) -> Ratio | None:
        """As a queue stores it: two columns, both empty for strict order."""
        return None if first is None or general is None else cls(first, general)

    @property
    def period(self) -> int:
        return self.first + self.general

    def __str__(self) -> str:
        return f"{self.first}:{self.general}"


def parse_ratio(text: str) -> Ratio | None:
    """`""` means strict order; `1:3` means one first-priority, then three general."""
    cleaned = text.strip()
    if not cleaned:
        return None
    parts = cleaned.split(":")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(f"'{text}' is not a ratio like 1:3")
    first, general = (int(p) for p in parts)
    if first < 1 or general < 1 or first > 100 or general > 100:
        raise ValueError(f"'{text}': both sides of the ratio must be between 1 and 100")
    return Ratio(first, general)


def _first_slots_before(ratio: Ratio, absolute: int) -> int:
    """First-priority slots among absolute slot numbers [0, absolute)."""
    return (absolute // ratio.period) * ratio.first + min(absolute % ratio.period, ratio.first)


def _slot_of_first(ratio: Ratio, cursor: int, index: int) -> int:
    """Relative slot (from the cursor) of the index-th first-priority slot."""
    target = _first_slots_before(ratio, cursor) + index
    absolute = (target // ratio.first) * ratio.period + target % ratio.first
    return absolute - cursor


def _slot_of_general(ratio: Ratio, cursor: int, index: int) -> int:
    target = (cursor - _first_slots_before(ratio, cursor)) + index
    absolute = (target // ratio.general) * ratio.period + ratio.first + target % ratio.general
    return absolute - cursor


@dataclass(frozen=True, slots=True)
class Ahead:
    out_of_turn: int
    first: int
    none: int

    @property
    def total(self) -> int:
        return self.out_of_turn + self.first + self.none


def ahead_of_first(
    index: int, out_of_turn_total: int, general_total: int, ratio: Ratio | None, cursor: int
) -> Ahead:
    """Who stands before the index-th (0-based) first-priority application."""
    if ratio is None:
        return Ahead(out_of_turn_total, index, 0)
    generals = _slot_of_first(ratio, cursor, index) - index
    return Ahead(out_of_turn_total, index, min(general_total, generals))


def ahead_of_general(
    index: int, out_of_turn_total: int, first_total: int, ratio: Ratio | None, cursor: int
) -> Ahead:
    if ratio is None:
        return Ahead(out_of_turn_total, first_total, index)
    firsts = _slot_of_general(ratio, cursor, index) - index
    return Ahead(out_of_turn_total, min(first_total, firsts), index)


def merge(
    out_of_turn: Sequence[T],
    first: Sequence[T],
    general: Sequence[T],
    ratio: Ratio | None,
    cursor: int,
    limit: int,
) -> tuple[list[T], int]:
    """The next `limit` applications in queue order, and the cursor after them."""
    result = list(out_of_turn[:limit])
    if ratio is None:
        result.extend(first[: limit - len(result)])
        result.extend(general[: limit - len(result)])
        return result, 0
    fi = gi = 0
    slot = cursor
    while len(result) < limit and (fi < len(first) or gi < len(general)):
        wants_first = slot % ratio.period < ratio.first
        if (wants_first and fi < len(first)) or gi >= len(general):
            result.append(first[fi])
            fi += 1
        else:
            result.append(general[gi])
            gi += 1
        slot += 1
    return result, slot % ratio.period
