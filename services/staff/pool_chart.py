"""/stats' second picture: each pool's forecast inputs (services/forecast.py) — the places given
per month over the last 12 months, and the applications waiting — for the pools with the most
waiting. Labels come in already translated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.enums import KindergartenKind
from services.staff.chart import nothing_yet, png, two_panels, whole_numbers
from services.staff.reports import PoolsReport, PoolStatistics

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SHOWN = 8  # pools on the chart; the caption counts them all


@dataclass(frozen=True, slots=True)
class PoolChartLabels:
    title: str
    given: str  # places given per month
    waiting: str
    kinds: dict[KindergartenKind, str]
    empty: str


def pool_name(pool: PoolStatistics, labels: PoolChartLabels) -> str:
    return f"{pool.queue} · {pool.group_year} · {labels.kinds[pool.kind]}"


def _given(
    axes: Axes, pools: list[PoolStatistics], months: list[str], labels: PoolChartLabels
) -> None:
    every: list[int] = []
    for pool in pools:
        axes.plot(months, pool.given_per_month, marker="o", label=pool_name(pool, labels))
        every += pool.given_per_month
    axes.set_title(labels.given)
    if pools:
        axes.legend(fontsize=8)
    whole_numbers(axes, every)
    if not any(every):
        nothing_yet(axes, labels.empty)


def _waiting(axes: Axes, pools: list[PoolStatistics], labels: PoolChartLabels) -> None:
    names = [pool_name(pool, labels) for pool in pools]
    counts = [pool.waiting for pool in pools]
    axes.barh(names[::-1], counts[::-1], color="#2e86c1")
    axes.set_title(labels.waiting)
    if not any(counts):
        nothing_yet(axes, labels.empty)


def pools_figure(report: PoolsReport, labels: PoolChartLabels) -> Figure:
    shown = report.pools[:SHOWN]
    drawn, given_axes, waiting_axes = two_panels(labels.title)
    _given(given_axes, shown, report.months, labels)
    _waiting(waiting_axes, shown, labels)
    return drawn


def render_pools_png(report: PoolsReport, labels: PoolChartLabels) -> bytes:
    return png(pools_figure(report, labels))
