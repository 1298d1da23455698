"""The /stats chart: counts on whole-number axes, a series with nothing in it says so, and the
title and the axis speak of the same «год группы» (the labels come from the catalog)."""

from __future__ import annotations

from datetime import date, timedelta

from matplotlib.axes import Axes

from bot.i18n import Catalogs
from domain.enums import Benefit
from services.staff.chart import ChartLabels, figure
from services.staff.reports import QueueStatistics

WEEKS = [date(2026, 3, 2) + timedelta(weeks=n) for n in range(8)]


def labels(locale: str) -> ChartLabels:
    t = Catalogs().translate
    return ChartLabels(
        title=t(locale, "Queue and referrals"),
        queue=t(locale, "Waiting applications by group year and benefit; open places"),
        group_year=t(locale, "Group year"),
        benefits={b: b.value for b in Benefit},
        places=t(locale, "open places"),
        weeks=t(locale, "Per week (from Monday)"),
        issued=t(locale, "referrals issued"),
        arrived=t(locale, "arrivals"),
        lapsed=t(locale, "lapses"),
        empty=t(locale, "none yet"),
    )


def ticks(axes: Axes) -> list[float]:
    return [float(t) for t in axes.get_yticks()]


def legend(axes: Axes) -> list[str]:
    shown = axes.get_legend()
    assert shown is not None
    return [text.get_text() for text in shown.get_texts()]


def test_a_quiet_period_has_whole_number_ticks_and_says_what_is_empty() -> None:
    quiet = QueueStatistics(
        waiting={(2022, Benefit.NONE): 1},
        open_places={},
        weeks=WEEKS,
        issued=[0] * 7 + [1],
        arrived=[0] * 8,
        lapsed=[0] * 8,
    )
    drawn = figure(quiet, labels("ru"))
    queue_axes, weeks_axes = drawn.axes
    for axes in (queue_axes, weeks_axes):
        assert ticks(axes) and all(t == int(t) for t in ticks(axes))
    assert legend(weeks_axes) == [
        "выдано направлений",
        "прибыли — пока нет",
        "аннулированы по сроку — пока нет",
    ]
    assert "незанятые места — пока нет" in legend(queue_axes)
    assert "по году группы" in queue_axes.get_title() and queue_axes.get_xlabel() == "Год группы"


def test_nothing_at_all_is_said_in_the_middle_of_the_axes() -> None:
    empty = QueueStatistics({}, {}, WEEKS, [0] * 8, [0] * 8, [0] * 8)
    drawn = figure(empty, labels("kk"))
    for axes in drawn.axes:
        assert "әзірге жоқ" in [text.get_text() for text in axes.texts]
        assert all(t == int(t) for t in ticks(axes))
