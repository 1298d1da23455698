"""/stats as a picture: the queue by group year and benefit, the open places, and the referrals
issued, arrivals and lapses of the last weeks. Labels come in already translated."""

from __future__ import annotations

import io
from dataclasses import dataclass

from domain.enums import Benefit
from services.staff.reports import QueueStatistics

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


def render_png(stats: QueueStatistics, labels: ChartLabels) -> bytes:
    # Imported here: pyplot's import costs ~0.3 s that only /stats should pay.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 7.5), dpi=100, layout="constrained")
    figure.suptitle(labels.title, fontsize=14)
    queue_axes, weeks_axes = figure.subplots(2, 1)

    years = sorted({year for year, _ in stats.waiting} | set(stats.open_places))
    positions = list(range(len(years)))
    width = 0.2
    for shift, benefit in enumerate(Benefit):
        counts = [stats.waiting.get((year, benefit), 0) for year in years]
        queue_axes.bar(
            [p + (shift - 1.5) * width for p in positions],
            counts,
            width,
            label=labels.benefits[benefit],
            color=_COLORS[benefit],
        )
    queue_axes.bar(
        [p + 1.5 * width for p in positions],
        [stats.open_places.get(year, 0) for year in years],
        width,
        label=labels.places,
        color="#27ae60",
    )
    queue_axes.set_xticks(positions, [str(year) for year in years])
    queue_axes.set_xlabel(labels.group_year)
    queue_axes.set_title(labels.queue)
    queue_axes.legend(fontsize=9)

    names = [week.strftime("%d.%m") for week in stats.weeks]
    weeks_axes.plot(names, stats.issued, marker="o", label=labels.issued, color="#2e86c1")
    weeks_axes.plot(names, stats.arrived, marker="o", label=labels.arrived, color="#27ae60")
    weeks_axes.plot(names, stats.lapsed, marker="o", label=labels.lapsed, color="#c0392b")
    weeks_axes.set_title(labels.weeks)
    weeks_axes.legend(fontsize=9)
    weeks_axes.set_ylim(bottom=0)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
