"""R6 queue order: the arithmetic of positions against a plain merge, and its invariants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.queue_order import Ratio, ahead_of_first, ahead_of_general, merge, parse_ratio

ratios = st.one_of(st.none(), st.builds(Ratio, st.integers(1, 5), st.integers(1, 5)))


@given(
    ratio=ratios,
    cursor_seed=st.integers(0, 100),
    out_of_turn=st.integers(0, 5),
    first=st.integers(0, 25),
    general=st.integers(0, 25),
)
def test_positions_match_the_merged_order(
    ratio: Ratio | None, cursor_seed: int, out_of_turn: int, first: int, general: int
) -> None:
    cursor = cursor_seed % ratio.period if ratio else 0
    ots = [("o", i) for i in range(out_of_turn)]
    firsts = [("f", i) for i in range(first)]
    generals = [("g", i) for i in range(general)]
    order, _ = merge(ots, firsts, generals, ratio=ratio, cursor=cursor, limit=10_000)
    assert sorted(order) == sorted(ots + firsts + generals)
    for index in range(first):
        ahead = ahead_of_first(index, out_of_turn, general, ratio, cursor)
        before = order[: order.index(("f", index))]
        assert (ahead.out_of_turn, ahead.first, ahead.none) == (
            sum(k == "o" for k, _ in before),
            sum(k == "f" for k, _ in before),
            sum(k == "g" for k, _ in before),
        )
    for index in range(general):
        ahead = ahead_of_general(index, out_of_turn, first, ratio, cursor)
        before = order[: order.index(("g", index))]
        assert (ahead.out_of_turn, ahead.first, ahead.none) == (
            sum(k == "o" for k, _ in before),
            sum(k == "f" for k, _ in before),
            sum(k == "g" for k, _ in before),
        )


@given(
    ratio=ratios,
    first=st.integers(0, 30),
    general=st.integers(0, 30),
    out_of_turn=st.integers(0, 4),
)
def test_merged_order_invariants(
    ratio: Ratio | None, first: int, general: int, out_of_turn: int
) -> None:
    order, _ = merge(
        [("o", i) for i in range(out_of_turn)],
        [("f", i) for i in range(first)],
        [("g", i) for i in range(general)],
        ratio=ratio,
        cursor=0,
        limit=10_000,
    )
    # out-of-turn always first
    assert [k for k, _ in order[:out_of_turn]] == ["o"] * out_of_turn
    # within a category, earlier submission first
    for kind in "ofg":
        indexes = [i for k, i in order if k == kind]
        assert indexes == sorted(indexes)
    rest = [k for k, _ in order[out_of_turn:]]
    if ratio is None:
        assert rest == sorted(rest)  # all "f" before any "g": strict order
    else:
        # With a:b, a general application is placed only after a full share of first-priority
        # ones (while any remain), and first-priority ones never run more than a ahead of their
        # share: in every prefix, generals ≤ (firsts // a)·b and firsts ≤ (generals // b + 1)·a.
        firsts = generals = 0
        for kind in rest:
            if kind == "f":
                firsts += 1
                if generals < general:
                    assert firsts <= (generals // ratio.general + 1) * ratio.first
            else:
                generals += 1
                if firsts < first:
                    assert generals <= (firsts // ratio.first) * ratio.general


@given(
    ratio=st.builds(Ratio, st.integers(1, 4), st.integers(1, 4)),
    sizes=st.lists(st.integers(1, 4), min_size=1, max_size=12),
)
def test_the_cycle_continues_across_allocations(ratio: Ratio, sizes: list[int]) -> None:
    # Places arriving a few at a time get the same order as all of them at once.
    firsts = [("f", i) for i in range(40)]
    generals = [("g", i) for i in range(40)]
    at_once, _ = merge([], firsts, generals, ratio=ratio, cursor=0, limit=sum(sizes))
    cursor = 0
    piecewise: list[tuple[str, int]] = []
    for size in sizes:
        remaining_f = [x for x in firsts if x not in piecewise]
        remaining_g = [x for x in generals if x not in piecewise]
        chunk, cursor = merge([], remaining_f, remaining_g, ratio=ratio, cursor=cursor, limit=size)
        piecewise += chunk
    assert piecewise == at_once


def test_one_first_priority_then_three_general() -> None:
    order, cursor = merge(
        [], ["f1", "f2"], ["g1", "g2", "g3", "g4"], ratio=Ratio(1, 3), cursor=0, limit=6
    )
    assert order == ["f1", "g1", "g2", "g3", "f2", "g4"]
    assert cursor == 6 % 4


@pytest.mark.parametrize("text", ["1:3", " 2:5 "])
def test_ratios_parse(text: str) -> None:
    parsed = parse_ratio(text)
    assert parsed is not None and str(parsed) == text.strip()


@pytest.mark.parametrize("text", ["1", "1:0", "0:3", "a:b", "1:3:5", "-1:3", "1:300"])
def test_bad_ratios_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="ratio"):
        parse_ratio(text)


def test_empty_ratio_means_strict_order() -> None:
    assert parse_ratio("") is None


def slot_order(
    out_of_turn: list[str], first: list[str], general: list[str], ratio: Ratio | None, cursor: int
) -> list[str]:
    """An oracle written apart from `merge`: every first-priority and general application gets
    its own slot in the endless cycle of the ratio, counted from the cursor (a slot `s` is a
    first-priority one when s mod (a+b) < a), and the order is the order of the slots."""
    if ratio is None:
        return out_of_turn + first + general

    def slots(for_first: bool, count: int) -> list[int]:
        found: list[int] = []
        slot = cursor
        while len(found) < count:
            if (slot % ratio.period < ratio.first) is for_first:
                found.append(slot)
            slot += 1
        return found

    tagged = sorted(
        [
            *zip(slots(True, len(first)), first, strict=True),
            *zip(slots(False, len(general)), general, strict=True),
        ]
    )
    return out_of_turn + [name for _, name in tagged]


@given(
    ratio=ratios,
    cursor_seed=st.integers(0, 100),
    sizes=st.tuples(st.integers(0, 4), st.integers(0, 20), st.integers(0, 20)),
    limit=st.integers(0, 50),
)
def test_merge_gives_each_category_its_slots_of_the_cycle(
    ratio: Ratio | None, cursor_seed: int, sizes: tuple[int, int, int], limit: int
) -> None:
    """R6 with a ratio, against the slot oracle: the order, the limit, and the cursor the next
    allocation starts from."""
    cursor = cursor_seed % ratio.period if ratio else 0
    out, first, general = ([f"{k}{i}" for i in range(n)] for k, n in zip("ofg", sizes, strict=True))
    order, after = merge(out, first, general, ratio=ratio, cursor=cursor, limit=limit)
    assert order == slot_order(out, first, general, ratio, cursor)[:limit]
    taken = sum(not name.startswith("o") for name in order)
    assert after == ((cursor + taken) % ratio.period if ratio else 0)
