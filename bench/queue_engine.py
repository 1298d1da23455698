"""The queue engine at scale: 1,000,000 applications over 20 queues × 6 group years.

    .venv/bin/python -m bench.queue_engine --backend sqlite
    .venv/bin/python -m bench.queue_engine --backend postgresql

Measures the CSV import of all applications, the position of one application (median of
1,000 random ones), the allocation of 10,000 places (R6), the R12 lapse sweep over 100,000
referrals, and the peak RSS of the whole run. Results go to bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, update

from bench.common import WORK, FixedClock, machine, median_ms, peak_rss_mb, timed, write_queue_data
from bot.runtime import tune_gc
from bot.wiring import Services, build_services
from domain.audit import Actor
from domain.enums import (
    ApplicationStatus,
    DocumentsStatus,
    KindergartenKind,
    Language,
    PlaceState,
    ReferralStatus,
)
from services.calendar import WorkCalendar
from services.clock import ALMATY, Clock
from services.imports import FileSource, TextSource
from storage.db import Database, create_database
from storage.migrate import upgrade
from storage.models import Application, Kindergarten, Place, Referral

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ALMATY)
GROUP_YEARS = range(2020, 2026)
QUEUES = 20
ADMIN = Actor.administrator("bench")
DATABASE = WORK / "bench.db"  # SQLite runs


async def fresh_database(backend: str) -> Database:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            DATABASE.with_name(DATABASE.name + suffix).unlink(missing_ok=True)
        url = f"sqlite+aiosqlite:///{DATABASE}"
    else:
        import asyncpg

        admin = await asyncpg.connect(host="127.0.0.1", user="postgres", database="postgres")
        await admin.execute('DROP DATABASE IF EXISTS "kg_bench" WITH (FORCE)')
        await admin.execute('CREATE DATABASE "kg_bench"')
        await admin.close()
        url = "postgresql+asyncpg://postgres@127.0.0.1:5432/kg_bench"
    database = create_database(url)
    await upgrade(database)
    return database


async def vacuum_analyze() -> None:
    import asyncpg

    connection = await asyncpg.connect(host="127.0.0.1", user="postgres", database="kg_bench")
    await connection.execute("VACUUM ANALYZE")
    await connection.close()


def places_csv(total: int) -> str:
    lines = ["kindergarten_code,group_year,language,count"]
    # the youngest group year is under 2 (R5): its places would wait, so the others get them all
    cells = [(q, k, y) for q in range(QUEUES) for k in range(10) for y in GROUP_YEARS[:-1]]
    base, extra = divmod(total, len(cells))
    for index, (q, k, y) in enumerate(cells):
        count = base + (index < extra)
        if count:
            lines.append(f"KG{q:02d}{k},{y},{'kk' if index % 2 else 'ru'},{count}")
    return "\n".join(lines) + "\n"


def _due_referral(
    application_id: int, place_id: int, kindergarten_id: int, issued: datetime
) -> dict[str, object]:
    """An active referral whose R12 deadline passed two days ago (a little apart each)."""
    return {
        "number": f"R{application_id}",
        "application_id": application_id,
        "place_id": place_id,
        "kindergarten_id": kindergarten_id,
        "status": ReferralStatus.ACTIVE,
        "requested_at": issued,
        "issued_at": issued,
        "lapses_at": NOW - timedelta(days=2, seconds=application_id % 86_400),
        "revocable_until": issued + timedelta(days=1),
        "extended_days": 0,
        "signer_iin": "000000000000",
        "signer_name": "bench",
        "signed_content": b"",
        "signature": b"",
        "verification_code": secrets.token_urlsafe(12),
        "documents_status": DocumentsStatus.NOT_REQUIRED,
        "documents_due_at": None,
    }


async def make_due_referrals(database: Database, count: int) -> None:
    """`count` active referrals whose R12 deadline has passed, on in-queue applications (set-up,
    in chunks of its own transactions so that the set-up is not what the peak RSS measures)."""
    async with database.read_sessions() as session:
        ids = list(
            await session.scalars(
                select(Application.id)
                .where(Application.status == ApplicationStatus.IN_QUEUE)
                .order_by(Application.id.desc())
                .limit(count)
            )
        )
        kindergarten_id = await session.scalar(select(Kindergarten.id).limit(1))
        assert kindergarten_id is not None
        queue_id = await session.scalar(select(Application.queue_id).limit(1))
    issued = NOW - timedelta(days=10)
    for start in range(0, len(ids), 5_000):
        chunk = ids[start : start + 5_000]
        async with database.write_sessions() as session:
            taken = {
                "kindergarten_id": kindergarten_id,
                "queue_id": queue_id,
                "kind": KindergartenKind.ORDINARY,
                "group_year": 2022,
                "language": Language.KK,
                "state": PlaceState.TAKEN,
                "published_at": issued,
                "state_changed_at": issued,
            }
            await session.execute(
                insert(Place), [{**taken, "holder_application_id": i} for i in chunk]
            )
            place_ids = dict(
                (
                    await session.execute(
                        select(Place.holder_application_id, Place.id).where(
                            Place.holder_application_id.in_(chunk)
                        )
                    )
                ).all()
            )
            await session.execute(
                insert(Referral),
                [_due_referral(i, place_ids[i], kindergarten_id, issued) for i in chunk],
            )
            await session.execute(
                update(Application)
                .where(Application.id.in_(chunk))
                .values(status=ApplicationStatus.REFERRAL_ISSUED)
            )
            await session.commit()


async def seeded(
    backend: str, applications: int, clock: Clock | None = None
) -> tuple[Database, Services, Path]:
    """A fresh database with the districts and kindergartens imported, the services over it
    (at NOW unless a clock is given), and the applications file of this size (each benchmark
    imports it its own way)."""
    database = await fresh_database(backend)
    services = build_services(database, clock or FixedClock(NOW), WorkCalendar())
    files = write_queue_data(
        WORK / f"data-{applications}",
        applications=applications,
        queues=QUEUES,
        group_years=GROUP_YEARS,
    )
    for kind in ("districts", "kindergartens"):
        await services.imports.run(kind, FileSource(files[kind]), ADMIN)
    return database, services, files["applications"]


async def run(backend: str, applications: int, places: int, referrals: int) -> dict[str, float]:
    results: dict[str, float] = {}
    database, services, applications_file = await seeded(backend, applications)
    with timed(f"import {applications:,} applications from CSV", results):
        await services.imports.run("applications", FileSource(applications_file), ADMIN)

    if backend == "postgresql":
        # What autovacuum does after a big load in production: statistics for the planner, and
        # the visibility map that lets the position counts run as index-only scans.
        await vacuum_analyze()

    rng = random.Random(3)
    samples = []
    for application_id in rng.sample(range(1, applications + 1), 1000):
        start = time.perf_counter()
        position = await services.queue.position(application_id)
        samples.append(time.perf_counter() - start)
        assert position is not None
    results["position median ms"] = median_ms(samples)
    print(f"position of one application: median {results['position median ms']:.2f} ms", flush=True)

    # Publishing allocates at once (R6): the import's time is the allocation's, plus the CSV.
    with timed(f"allocation of {places:,} places", results):
        report = await services.imports.run(
            "places", TextSource("places.csv", places_csv(places)), ADMIN
        )
    assert report.offered == places, report

    await make_due_referrals(database, referrals)
    print(
        f"(set-up of {referrals:,} due referrals: peak RSS so far {peak_rss_mb():.0f} MB)",
        flush=True,
    )
    with timed(f"R12 lapse sweep over {referrals:,} referrals", results):
        lapsed = await services.lapses.lapse_due()
    assert lapsed.lapsed == referrals, lapsed

    results["peak RSS MB"] = peak_rss_mb()
    print(f"peak RSS: {results['peak RSS MB']:.0f} MB", flush=True)
    await database.dispose()
    return results


def main() -> None:
    tune_gc()  # as `python -m bot` does
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--referrals", type=int, default=100_000)
    args = parser.parse_args()
    print(f"machine: {machine()}; backend: {args.backend}")
    asyncio.run(run(args.backend, args.applications, args.places, args.referrals))


if __name__ == "__main__":
    main()
