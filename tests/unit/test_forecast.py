"""The forecast of a turn (the transparency issue, point 1): a range from the places given in the
pool month by month, the applications ahead and the category's share under R6's ratio; never
later with more places, never earlier with more applications ahead."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from domain.dto import Position
from domain.enums import Benefit
from domain.queue_order import Ahead, Ratio
from services.forecast import Forecast, NotEnoughData, forecast, per_month, places_needed
from tests.fakes.clock import almaty


def at(position: int, out_of_turn: int = 0, first: int = 0) -> Position:
    return Position(position, Ahead(out_of_turn, first, position - 1 - out_of_turn - first))


def test_a_steady_pool_gives_a_narrow_range() -> None:
    # 4 places a month, 19 ahead: the 20th place comes in the 5th month.
    assert forecast([4] * 12, at(20), Benefit.NONE, None) == Forecast(5, 5, 4.0, 19)


def test_an_uneven_pool_widens_the_range() -> None:
    months = [0, 0, 8, 0, 2, 0, 8, 0, 2, 0, 8, 0]  # 28 places, bunched in September-like months
    result = forecast(months, at(20), Benefit.NONE, None)
    assert isinstance(result, Forecast)
    assert (result.soonest, result.latest) == (5, 18)
    assert round(result.per_month, 2) == 2.33 and result.ahead == 19


def test_fewer_than_three_months_with_places_is_not_enough_data() -> None:
    assert forecast([0] * 10 + [30, 30], at(2), Benefit.NONE, None) == NotEnoughData(2)
    assert isinstance(forecast([0] * 9 + [1, 1, 1], at(2), Benefit.NONE, None), Forecast)


def test_the_ratio_gives_each_category_its_share_of_the_places() -> None:
    """R6 1:3: first priority gets one place in four, so the third first-priority application
    with nobody out of turn ahead needs about 12 places; a general one, 4/3 per place."""
    ratio = Ratio(1, 3)
    first = Position(3, Ahead(0, 2, 0))
    assert places_needed(Benefit.FIRST, first, ratio) == 12
    general = Position(5, Ahead(1, 1, 2))
    assert places_needed(Benefit.NONE, general, ratio) == 1 + 3 / 0.75
    out_of_turn = Position(2, Ahead(1, 0, 0))
    assert places_needed(Benefit.OUT_OF_TURN, out_of_turn, ratio) == 2


def test_months_are_counted_in_almaty_time_over_the_last_twelve() -> None:
    now = almaty(2026, 12, 5, 10)
    moments = [
        almaty(2026, 12, 1, 0, 30),  # this month (still 30 November in UTC)
        almaty(2026, 1, 10),  # the oldest month counted
        almaty(2025, 12, 31, 23),  # thirteen months back: out
        datetime(2026, 11, 30, 20, 0, tzinfo=UTC),  # 1 December in Almaty
    ]
    counts = per_month(moments, now)
    assert counts[11] == 2 and counts[0] == 1 and sum(counts) == 3


months_strategy = st.lists(st.integers(0, 40), min_size=12, max_size=12)
benefits = st.sampled_from(list(Benefit))
ratios = st.one_of(st.none(), st.builds(Ratio, st.integers(1, 4), st.integers(1, 6)))


def positions() -> st.SearchStrategy[Position]:
    return st.builds(
        lambda o, f, n: Position(o + f + n + 1, Ahead(o, f, n)),
        st.integers(0, 50),
        st.integers(0, 200),
        st.integers(0, 2000),
    )


@given(months_strategy, st.integers(0, 11), st.integers(1, 30), positions(), benefits, ratios)
def test_more_places_never_make_the_forecast_later(
    months: list[int],
    month: int,
    more: int,
    position: Position,
    benefit: Benefit,
    ratio: Ratio | None,
) -> None:
    before = forecast(months, position, benefit, ratio)
    busier = list(months)
    busier[month] += more
    after = forecast(busier, position, benefit, ratio)
    if isinstance(before, Forecast):
        assert isinstance(after, Forecast)
        assert after.soonest <= before.soonest and after.latest <= before.latest


@given(
    months_strategy,
    positions(),
    st.sampled_from(["out_of_turn", "first", "none"]),
    st.integers(1, 100),
    benefits,
    ratios,
)
def test_more_applications_ahead_never_make_it_earlier(
    months: list[int],
    position: Position,
    category: str,
    more: int,
    benefit: Benefit,
    ratio: Ratio | None,
) -> None:
    ahead = position.ahead
    grown = Ahead(
        ahead.out_of_turn + more * (category == "out_of_turn"),
        ahead.first + more * (category == "first"),
        ahead.none + more * (category == "none"),
    )
    later = Position(grown.total + 1, grown)
    before = forecast(months, position, benefit, ratio)
    after = forecast(months, later, benefit, ratio)
    if isinstance(before, Forecast):
        assert isinstance(after, Forecast)
        assert after.soonest >= before.soonest and after.latest >= before.latest
