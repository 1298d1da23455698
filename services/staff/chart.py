"""/stats as a picture: the queue by group year and benefit, the open places, and the referrals
issued, arrivals and lapses of the last weeks. Labels come in already translated. Counts are
whole numbers on every axis, and a series with nothing in it says so."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.enums import Benefit
from services.staff.reports import QueueStatistics

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_COLORS = {Benefit.OUT_OF_TURN: "#c0392b", Benefit.FIRST: "#e67e22", Benefit.NONE: "#2e86c1"}


@dataclass(frozen=True, slots=True)
class ChartLabels:
    title: str
    queue: str
    group_year: str
    benefits: dict[Benefit, str]
    places: str
    weeks: str
    issued: str
    arrived: str
    lapsed: str
    empty: str  # «әзірге жоқ / пока нет»


def _named(label: str, values: list[int], labels: ChartLabels) -> str:
    return label if any(values) else f"{label} — {labels.empty}"


def whole_numbers(axes: Axes, values: list[int]) -> None:
    """Integer ticks from 0; a quiet period shows 0 … 1, not 0.00 … 0.05."""
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0, top=max([*values, 1]) * 1.1)


def nothing_yet(axes: Axes, empty: str) -> None:
    axes.text(0.5, 0.5, empty, ha="center", va="center", transform=axes.transAxes)


def _queue(axes: Axes, stats: QueueStatistics, labels: ChartLabels) -> None:
    years = sorted({year for year, _ in stats.waiting} | set(stats.open_places))
    positions = list(range(len(years)))
    width = 0.2
    every: list[int] = []
    for shift, benefit in enumerate(Benefit):
        counts = [stats.waiting.get((year, benefit), 0) for year in years]
        every += counts
        bars = [p + (shift - 1.5) * width for p in positions]
        name = _named(labels.benefits[benefit], counts, labels)
        axes.bar(bars, counts, width, label=name, color=_COLORS[benefit])
    places = [stats.open_places.get(year, 0) for year in years]
    every += places
    axes.bar(
        [p + 1.5 * width for p in positions],
        places,
        width,
        label=_named(labels.places, places, labels),
        color="#27ae60",
    )
    axes.set_xticks(positions, [str(year) for year in years])
    axes.set_xlabel(labels.group_year)
    axes.set_title(labels.queue)
    axes.legend(fontsize=9)
    whole_numbers(axes, every)
    if not any(every):
        nothing_yet(axes, labels.empty)


def _weeks(axes: Axes, stats: QueueStatistics, labels: ChartLabels) -> None:
    names = [week.strftime("%d.%m") for week in stats.weeks]
    series = (
        (labels.issued, stats.issued, "#2e86c1"),
        (labels.arrived, stats.arrived, "#27ae60"),
        (labels.lapsed, stats.lapsed, "#c0392b"),
    )
    for label, values, color in series:
        axes.plot(names, values, marker="o", label=_named(label, values, labels), color=color)
    axes.set_title(labels.weeks)
    axes.legend(fontsize=9)
    every = [*stats.issued, *stats.arrived, *stats.lapsed]
    whole_numbers(axes, every)
    if not any(every):
        nothing_yet(axes, labels.empty)


def two_panels(title: str) -> tuple[Figure, Axes, Axes]:
    """/stats' page: a title over two charts, one above the other."""
    # Imported here: matplotlib's import costs ~0.3 s that only /stats should pay.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    drawn = Figure(figsize=(10, 7.5), dpi=100, layout="constrained")
    drawn.suptitle(title, fontsize=14)
    upper, lower = drawn.subplots(2, 1)
    return drawn, upper, lower


def png(drawn: Figure) -> bytes:
    buffer = io.BytesIO()
    drawn.savefig(buffer, format="png")
    return buffer.getvalue()


def figure(stats: QueueStatistics, labels: ChartLabels) -> Figure:
    drawn, queue_axes, weeks_axes = two_panels(labels.title)
    _queue(queue_axes, stats, labels)
    _weeks(weeks_axes, stats, labels)
    return drawn


def render_png(stats: QueueStatistics, labels: ChartLabels) -> bytes:
    return png(figure(stats, labels))
