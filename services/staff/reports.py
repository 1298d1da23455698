"""What administrators take away: the applications of their scope as CSV, and the numbers of
/stats (the chart is drawn from these by `services/staff/chart.py`)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from domain.enums import Benefit, KindergartenKind, ReferralStatus
from services.clock import Clock, to_almaty
from services.errors import InvalidCommand, UnknownDistrict
from services.forecast import LOOK_BACK, MONTHS, per_month
from services.imports.applications import ApplicationImporter
from services.staff.roles import Staffer
from storage.uow import UnitOfWorkFactory

EXPORT_LIMIT = 300_000  # rows: Telegram takes documents up to 50 MB
# The applications import's columns first, so that an export can be imported elsewhere as it is;
# then what the queue made of them.
EXPORT_COLUMNS = (
    *ApplicationImporter.columns,
    "group_year",
    "status",
    "status_changed_at",
    "misses",
    "stop_listed_until",
)
STATS_WEEKS = 8


@dataclass(frozen=True, slots=True)
class Export:
    file_name: str
    content: bytes
    rows: int


@dataclass(frozen=True, slots=True)
class QueueStatistics:
    waiting: dict[tuple[int, Benefit], int]  # (group year, benefit) → applications
    open_places: dict[int, int]  # group year → places not yet taken
    weeks: list[date]  # the Mondays of the last weeks, oldest first
    issued: list[int] = field(default_factory=list)  # referrals issued per week
    arrived: list[int] = field(default_factory=list)
    lapsed: list[int] = field(default_factory=list)

    @property
    def waiting_total(self) -> int:
        return sum(self.waiting.values())

    def waiting_of(self, benefit: Benefit) -> int:
        return sum(n for (_, b), n in self.waiting.items() if b is benefit)


@dataclass(frozen=True, slots=True)
class PoolStatistics:
    """One pool's forecast inputs (services/forecast.py): the places given in each of the last
    12 months, oldest first, and the applications waiting now."""

    queue: str
    group_year: int
    kind: KindergartenKind
    given_per_month: list[int]
    waiting: int


@dataclass(frozen=True, slots=True)
class PoolsReport:
    months: list[str]  # «01.26» … the last 12 months, oldest first
    pools: list[PoolStatistics]  # the most waiting first


def month_names(now: datetime) -> list[str]:
    today = to_almaty(now)
    names = []
    for back in range(MONTHS - 1, -1, -1):
        index = today.year * 12 + today.month - 1 - back
        names.append(f"{index % 12 + 1:02d}.{index // 12 % 100:02d}")
    return names


def _monday(moment: datetime) -> date:
    day = to_almaty(moment).date()
    return day - timedelta(days=day.weekday())


class ReportsDesk:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def _scope(self, by: Staffer, district_code: str | None) -> frozenset[int] | None:
        """The districts asked for: one named district, or all of the administrator's."""
        by.require_admin()
        if district_code:
            async with self._uow.read() as uow:
                district = (await uow.districts.by_code()).get(district_code.strip())
            if district is None:
                raise UnknownDistrict(district_code.strip())
            by.require_district(district.id)
            return frozenset({district.id})
        return None if by.superadmin else by.district_ids

    async def export(self, by: Staffer, district_code: str | None = None) -> Export:
        districts = await self._scope(by, district_code)
        async with self._uow.read() as uow:
            count = await uow.statistics.count_applications(districts)
            if count > EXPORT_LIMIT:
                raise InvalidCommand("export_too_large", rows=count, maximum=EXPORT_LIMIT)
            rows = await uow.statistics.applications(districts)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for r in rows:
            writer.writerow(
                (
                    r.number,
                    r.child_iin,
                    r.applicant_iin,
                    r.district_code,
                    r.kind.value,
                    r.language.value,
                    r.benefit.value,
                    to_almaty(r.submitted_at).isoformat(timespec="seconds"),
                    r.group_year,
                    r.status.value,
                    to_almaty(r.status_changed_at).isoformat(timespec="seconds"),
                    r.misses,
                    to_almaty(r.stop_listed_until).isoformat(timespec="seconds")
                    if r.stop_listed_until
                    else "",
                )
            )
        stamp = to_almaty(self._clock.now()).strftime("%Y%m%d-%H%M")
        name = f"applications-{district_code.strip() if district_code else 'all'}-{stamp}.csv"
        # A BOM so that Excel, which most departments open CSVs with, reads UTF-8.
        return Export(name, buffer.getvalue().encode("utf-8-sig"), len(rows))

    async def statistics(self, by: Staffer, district_code: str | None = None) -> QueueStatistics:
        districts = await self._scope(by, district_code)
        now = self._clock.now()
        this_week = _monday(now)
        weeks = [this_week - timedelta(weeks=n) for n in range(STATS_WEEKS - 1, -1, -1)]
        since = datetime.combine(weeks[0], datetime.min.time(), tzinfo=to_almaty(now).tzinfo)
        async with self._uow.read() as uow:
            waiting = await uow.statistics.waiting_by_year_and_benefit(districts)
            places = await uow.statistics.open_places_by_year(districts)
            events = await uow.statistics.referral_events(districts, since)
        issued: Counter[date] = Counter()
        arrived: Counter[date] = Counter()
        lapsed: Counter[date] = Counter()
        for issued_at, status, closed_at in events:
            issued[_monday(issued_at)] += 1
            if closed_at is not None and status is ReferralStatus.ENROLLED:
                arrived[_monday(closed_at)] += 1
            if closed_at is not None and status is ReferralStatus.LAPSED:
                lapsed[_monday(closed_at)] += 1
        return QueueStatistics(
            waiting=waiting,
            open_places=places,
            weeks=weeks,
            issued=[issued[w] for w in weeks],
            arrived=[arrived[w] for w in weeks],
            lapsed=[lapsed[w] for w in weeks],
        )

    async def pools(self, by: Staffer, district_code: str | None = None) -> PoolsReport:
        """Per pool of the scope, the most waiting first."""
        districts = await self._scope(by, district_code)
        now = self._clock.now()
        async with self._uow.read() as uow:
            waiting = await uow.statistics.waiting_by_pool(districts)
            given = await uow.statistics.given_by_pool(districts, now - LOOK_BACK)
        moments: dict[tuple[str, int, KindergartenKind], list[datetime]] = {}
        for queue, year, kind, at in given:
            moments.setdefault((queue, year, kind), []).append(at)
        pools = [
            PoolStatistics(*key, per_month(moments.get(key, []), now), waiting.get(key, 0))
            for key in sorted(set(waiting) | set(moments))
        ]
        return PoolsReport(month_names(now), sorted(pools, key=lambda pool: -pool.waiting))
