"""R5 is written once (domain.eligibility); the allocation applies it in SQL
(`ApplicationRepository.candidates`). On random applications — every status, both kinds, children
around their second birthday (29 February included), enrolled or not, with a sibling application
that holds a referral or not — the SQL picks exactly the applications `may_be_offered` accepts,
on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from domain.dto import Pool
from domain.eligibility import ChoiceFacts, may_be_offered, offer_filter
from domain.enums import ApplicationStatus, Benefit, KindergartenKind, Language
from storage.models import Application, Child, District, Kindergarten, Queue
from storage.uow import UnitOfWorkFactory
from tests.databases import create_schema, empty_all_tables, open_database

MOMENT = datetime(2026, 4, 6, 5, 0, tzinfo=UTC)
GROUP_YEAR = 2024


@dataclass(frozen=True)
class Row:
    status: ApplicationStatus
    kind: KindergartenKind
    benefit: Benefit
    days_from_second_birthday: int  # negative: not yet two
    enrolled: bool
    sibling_with_referral: bool  # another application of the same child holds a referral


rows = st.lists(
    st.builds(
        Row,
        status=st.sampled_from(list(ApplicationStatus)),
        kind=st.sampled_from(list(KindergartenKind)),
        benefit=st.sampled_from(list(Benefit)),
        days_from_second_birthday=st.integers(-3, 3),
        enrolled=st.booleans(),
        sibling_with_referral=st.booleans(),
    ),
    min_size=1,
    max_size=12,
)
todays = st.sampled_from([date(2026, 4, 6), date(2026, 2, 28), date(2027, 3, 1), date(2028, 2, 29)])


def birth_date(today: date, days: int) -> date:
    """A child `days` days past (or before, if negative) the day they can first be offered."""
    born = offer_filter(KindergartenKind.ORDINARY, today).born_on_or_before
    assert born is not None
    return born - timedelta(days=days)


async def _prepare(url: str) -> UnitOfWorkFactory:
    database = open_database(url)
    if database.is_sqlite:
        await create_schema(database)
    else:
        await empty_all_tables(database)
    return UnitOfWorkFactory(database)


async def _insert(uow: UnitOfWorkFactory, today: date, people: list[Row]) -> dict[int, bool]:
    """The rows, and for each in-queue-or-not application whether the rule accepts it."""
    expected: dict[int, bool] = {}
    async with uow() as work:
        session = work.session
        await session.execute(insert(Queue).values(id=1, code="Q1"))
        await session.execute(
            insert(District).values(id=1, code="D1", name_kk="Д", name_ru="Р", queue_id=1)
        )
        values = {
            "district_id": 1,
            "name_kk": "K",
            "name_ru": "K",
            "address_kk": "",
            "address_ru": "",
        }
        await session.execute(
            insert(Kindergarten).values(id=1, code="KG1", kind="ordinary", languages="kk", **values)
        )
        for index, person in enumerate(people, start=1):
            child = f"{index:012d}"
            born = birth_date(today, person.days_from_second_birthday)
            stop_listed_until = (
                MOMENT + timedelta(days=9)
                if person.status is ApplicationStatus.STOP_LISTED
                else None
            )
            await session.execute(
                insert(Child).values(
                    iin=child,
                    surname="S",
                    name="N",
                    birth_date=born,
                    enrolled_kindergarten_id=1 if person.enrolled else None,
                )
            )
            common = {
                "child_iin": child,
                "child_birth_date": born,
                "group_year": GROUP_YEAR,
                "applicant_iin": "900101300011",
                "district_id": 1,
                "queue_id": 1,
                "kind": person.kind,
                "language": Language.KK,
                "benefit": person.benefit,
                "submitted_at": MOMENT - timedelta(days=index),
                "status_changed_at": MOMENT,
                "stop_listed_until": stop_listed_until,
            }
            application_id = await session.scalar(
                insert(Application)
                .values(number=f"A{index}", status=person.status, **common)
                .returning(Application.id)
            )
            if person.sibling_with_referral:
                await session.execute(
                    insert(Application).values(
                        number=f"S{index}",
                        status=ApplicationStatus.REFERRAL_ISSUED,
                        **{**common, "kind": KindergartenKind.ORDINARY, "group_year": 2000},
                    )
                )
            facts = ChoiceFacts(
                status=person.status,
                kind=person.kind,
                child_birth_date=born,
                stop_listed_until=stop_listed_until,
                child_enrolled=person.enrolled,
                child_has_other_referral=person.sibling_with_referral,
                has_own_offer=False,
                free_choice_exists=False,
            )
            assert application_id is not None
            expected[int(application_id)] = may_be_offered(facts, today)
        await work.commit()
    return expected


async def _compare(url: str, today: date, people: list[Row]) -> None:
    uow = await _prepare(url)
    try:
        expected = await _insert(uow, today, people)
        chosen: set[int] = set()
        async with uow.read() as work:
            for kind in KindergartenKind:
                pool = Pool(queue_id=1, group_year=GROUP_YEAR, kind=kind)
                for benefit in Benefit:
                    chosen |= set(
                        await work.applications.candidates(
                            pool, benefit, limit=1000, rule=offer_filter(kind, today)
                        )
                    )
        assert chosen == {i for i, ok in expected.items() if ok}
    finally:
        await uow.database.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=rows, today=todays)
def test_the_allocation_sql_offers_exactly_whom_r5_allows(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, people: list[Row], today: date
) -> None:
    if backend == "sqlite":
        path = tmp_path / "r5.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite+aiosqlite:///{path}"
    else:
        from tests.databases import pg_url

        url = pg_url(request.getfixturevalue("postgres_database"))
    asyncio.run(_compare(url, today, people))


def test_the_rule_itself_on_the_edges() -> None:
    """The boundaries the SQL is held to: two full years old (a child born on 29 February is two
    on 1 March), stop-listed, a sibling's referral, a sanatorium for an enrolled child (R16)."""
    facts = ChoiceFacts(
        status=ApplicationStatus.IN_QUEUE,
        kind=KindergartenKind.ORDINARY,
        child_birth_date=date(2024, 2, 29),
        stop_listed_until=None,
        child_enrolled=True,
        child_has_other_referral=False,
        has_own_offer=False,
        free_choice_exists=False,
    )
    assert not may_be_offered(facts, date(2026, 2, 28))
    assert may_be_offered(facts, date(2026, 3, 1))
    assert not may_be_offered(replace(facts, child_has_other_referral=True), date(2026, 3, 1))
    assert not may_be_offered(replace(facts, status=ApplicationStatus.NOTIFIED), date(2026, 3, 1))
    sanatorium = replace(facts, kind=KindergartenKind.SANATORIUM, child_birth_date=date(2025, 1, 1))
    assert not may_be_offered(sanatorium, date(2026, 3, 1))  # enrolled elsewhere: R16
    assert may_be_offered(replace(sanatorium, child_enrolled=False), date(2026, 3, 1))
