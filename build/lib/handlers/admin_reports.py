"""District administrators take the queue away: /export as CSV, /stats as a chart."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, Message
from aiogram.utils.i18n import gettext as _

from domain.enums import Benefit
from handlers.staff_filters import Need, StaffOnly
from handlers.texts import benefit_name
from services.staff.chart import ChartLabels, render_png
from services.staff.reports import QueueStatistics, ReportsDesk
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


async def stats(
    message: Message, command: CommandObject, staffer: Staffer, reports: ReportsDesk
) -> None:
    numbers = await reports.statistics(staffer, command.args)
    picture = render_png(numbers, _labels())
    await message.answer_photo(
        BufferedInputFile(picture, filename="stats.png"), caption=_caption(numbers)
    )
