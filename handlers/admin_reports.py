"""District administrators take the queue away: /export as CSV, /stats as two charts (the queue
and the referrals; each pool's forecast inputs)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, Message
from aiogram.utils.i18n import gettext as _

from domain.enums import Benefit, KindergartenKind
from handlers.staff_filters import Need, StaffOnly
from handlers.texts import benefit_name, kind_name
from services.staff.chart import ChartLabels, render_png
from services.staff.pool_chart import PoolChartLabels, render_pools_png
from services.staff.reports import PoolsReport, QueueStatistics, ReportsDesk
from services.staff.roles import Staffer


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(export, Command("export"), StaffOnly(Need.ADMIN))
    router.message.register(stats, Command("stats"), StaffOnly(Need.ADMIN))
    return router


async def export(
    message: Message, command: CommandObject, staffer: Staffer, reports: ReportsDesk
) -> None:
    done = await reports.export(staffer, command.args)
    await message.answer_document(
        BufferedInputFile(done.content, filename=done.file_name),
        caption=_("{count} application(s).").format(count=done.rows),
    )


def _labels() -> ChartLabels:
    return ChartLabels(
        title=_("Queue and referrals"),
        queue=_("Waiting applications by group year and benefit; open places"),
        group_year=_("Group year"),
        benefits={b: benefit_name(b) for b in Benefit},
        places=_("open places"),
        weeks=_("Per week (from Monday)"),
        issued=_("referrals issued"),
        arrived=_("arrivals"),
        lapsed=_("lapses"),
        empty=_("none yet"),
    )


def _caption(stats: QueueStatistics) -> str:
    return "\n".join(
        [
            _(
                "In the queue: {total} (out-of-turn {out}, first-priority {first}, other {other})"
            ).format(
                total=stats.waiting_total,
                out=stats.waiting_of(Benefit.OUT_OF_TURN),
                first=stats.waiting_of(Benefit.FIRST),
                other=stats.waiting_of(Benefit.NONE),
            ),
            _("Open places: {places}").format(places=sum(stats.open_places.values())),
            _(
                "Last {weeks} weeks: {issued} referrals issued, {arrived} arrivals, {lapsed} lapses"
            ).format(
                weeks=len(stats.weeks),
                issued=sum(stats.issued),
                arrived=sum(stats.arrived),
                lapsed=sum(stats.lapsed),
            ),
        ]
    )


def _pool_labels() -> PoolChartLabels:
    return PoolChartLabels(
        title=_("The forecast's inputs, per queue and group year"),
        given=_("Places given per month, last 12 months"),
        waiting=_("Applications waiting"),
        kinds={kind: kind_name(kind) for kind in KindergartenKind},
        empty=_("none yet"),
    )


def _pools_caption(report: PoolsReport) -> str:
    return _(
        "Queues and group years: {pools}. Places given in 12 months: {given}; waiting: {waiting}."
    ).format(
        pools=len(report.pools),
        given=sum(sum(pool.given_per_month) for pool in report.pools),
        waiting=sum(pool.waiting for pool in report.pools),
    )


async def stats(
    message: Message, command: CommandObject, staffer: Staffer, reports: ReportsDesk
) -> None:
    numbers = await reports.statistics(staffer, command.args)
    picture = render_png(numbers, _labels())
    await message.answer_photo(
        BufferedInputFile(picture, filename="stats.png"), caption=_caption(numbers)
    )
    pools = await reports.pools(staffer, command.args)
    await message.answer_photo(
        BufferedInputFile(render_pools_png(pools, _pool_labels()), filename="pools.png"),
        caption=_pools_caption(pools),
    )
