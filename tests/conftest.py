from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.wiring import Services, build_services
from services.calendar import WorkCalendar
from services.eds import EdsService, TrustStore
from services.eds.demo_pki import DemoPki, write_demo_pki
from storage.db import Database
from tests.databases import (
    NO_POSTGRES,
    create_pg_database,
    create_schema,
    drop_pg_database,
    empty_all_tables,
    open_database,
    pg_url,
    postgres_reachable,
    sqlite_url,
    unavailable,
)
from tests.fakes.clock import FakeClock, almaty
from tests.nca import nca_folder
from tests.pki import DEMO_NOW, HOLDER, STRANGER


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    if not postgres_reachable():
        unavailable(NO_POSTGRES)
    name = create_pg_database()
    import asyncio

    async def prepare() -> None:
        database = open_database(pg_url(name))
        await create_schema(database)
        await database.dispose()

    asyncio.run(prepare())
    yield name
    drop_pg_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(str(tmp_path / "test.db"))
    return pg_url(request.getfixturevalue("postgres_database"))


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = open_database(database_url)
    if db.is_sqlite:
        await create_schema(db)
    else:
        await empty_all_tables(db)
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
def nca() -> Path:
    return nca_folder()


@pytest.fixture(scope="session")
def calendar() -> WorkCalendar:
    return WorkCalendar()


@pytest.fixture
def clock() -> FakeClock:
    # A Monday with no holiday around it: deadlines in tests are easy to read.
    return FakeClock(almaty(2026, 4, 6, 10, 0))


@pytest.fixture
def services(database: Database, clock: FakeClock, calendar: WorkCalendar) -> Services:
    return build_services(database, clock, calendar)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all, for what migrates it itself (the CLI, alembic)."""
    if request.param == "sqlite":
        yield sqlite_url(str(tmp_path / "empty.db"))
        return
    if not postgres_reachable():
        unavailable(NO_POSTGRES)
    name = create_pg_database()
    yield pg_url(name)
    drop_pg_database(name)


@pytest.fixture(scope="session")
def demo_pki(tmp_path_factory: pytest.TempPathFactory) -> DemoPki:
    return write_demo_pki(tmp_path_factory.mktemp("demo-pki"), [HOLDER, STRANGER], DEMO_NOW)


@pytest.fixture
def demo_eds(demo_pki: DemoPki) -> EdsService:
    return EdsService(TrustStore.load([demo_pki.intermediate], [demo_pki.crl]), FakeClock(DEMO_NOW))
