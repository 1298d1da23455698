"""Administrators' CSV imports: all or nothing, every problem with its file, line and column."""

from __future__ import annotations

import pytest

from bot.wiring import Services
from domain.audit import Actor
from domain.enums import PlaceState
from services.imports import BytesSource, ImportRefused, TextSource
from tests.scenario import PARENT, Scenario, new_iin

ADMIN = Actor.administrator("admin")
DISTRICTS = "code,name_kk,name_ru,queue_code,priority_ratio\n"
KINDERGARTENS = "code,district_code,kind,name_kk,name_ru,address_kk,address_ru,languages\n"
APPLICATIONS = "number,child_iin,applicant_iin,district_code,kind,language,benefit,submitted_at\n"
CHILDREN = "iin,surname,name,patronymic,parent_iins,enrolled_kindergarten_code\n"
PLACES = "kindergarten_code,group_year,language,count\n"
CHILD = "220301500113"


async def run(services: Services, kind: str, text: str) -> str:
    report = await services.imports.run(kind, TextSource(f"{kind}.csv", text), ADMIN)
    return report.summary()


async def refused(services: Services, kind: str, text: str) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        await run(services, kind, text)
    return [str(p) for p in caught.value.problems]


async def counts(services: Services) -> tuple[int, ...]:
    async with services.uow.read() as uow:
        by_status = await uow.applications.count_by_status()
        return (
            len(await uow.districts.all()),
            len(await uow.kindergartens.all_by_code()),
            sum(by_status.values()),
            sum((await uow.places.count_in_states(list(PlaceState))).values()),
        )


@pytest.fixture
async def world(services: Services) -> Scenario:
    scenario = Scenario(services)
    await scenario.district("D1", "Q1")
    await scenario.kindergarten("KG1", "D1", languages="kk")
    return scenario


async def test_districts_share_a_queue_by_its_code(services: Services) -> None:
    summary = await run(
        services,
        "districts",
        DISTRICTS
        + "A,Алмалы,Алмалинский,ALA,\nB,Бостандық,Бостандыкский,ALA,\nK,Қонаев,Конаев,KON,1:3\n",
    )
    assert summary == "districts.csv: 3 line(s) of districts imported — 3 new, 0 updated"
    async with services.uow.read() as uow:
        queues = {q.code: q for q in await uow.queues.all()}
        districts = {d.code: d.queue_id for d in await uow.districts.all()}
    assert districts["A"] == districts["B"] == queues["ALA"].id
    assert str(queues["KON"].ratio) == "1:3" and queues["ALA"].ratio is None
    # a second import updates in place
    summary = await run(
        services, "districts", DISTRICTS + "A,Алмалы ауданы,Алмалинский район,ALA,\n"
    )
    assert summary.endswith("0 new, 1 updated")


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "districts",
            "code,name\nA,B\n",
            [
                "districts.csv, line 1: the header lacks the column(s) name_kk, name_ru, queue_code, priority_ratio; expected: code, name_kk, name_ru, queue_code, priority_ratio",
                "districts.csv, line 1: the header has unknown column(s) name; expected: code, name_kk, name_ru, queue_code, priority_ratio",
            ],
        ),
        (
            "districts",
            DISTRICTS + "A,Алмалы,Алмалинский,ALA,1:x\n",
            [
                "districts.csv, line 2, column 'priority_ratio': '1:x' is not a ratio like 1:3 (or empty for strict order)"
            ],
        ),
        (
            "districts",
            DISTRICTS + "A,Алмалы,Алмалинский,ALA,\nB,Бостандық,Бостандыкский,ALA,1:3\n",
            [
                "districts.csv, line 3, column 'priority_ratio': queue 'ALA' already has strict order on line 2; one queue has one ratio"
            ],
        ),
        (
            "districts",
            DISTRICTS + "A,Алмалы,Алмалинский,ALA,\nA,Алмалы,Алмалинский,ALA,\n",
            ["districts.csv, line 3, column 'code': 'A' already appears on line 2"],
        ),
        (
            "districts",
            DISTRICTS + "A,Алмалы\n",
            ["districts.csv, line 2: expected 5 values separated by ',', found 2"],
        ),
        ("districts", "", ["districts.csv, line 1: the file has no header line"]),
        (
            "districts",
            DISTRICTS,
            ["districts.csv, line 2: the file has a header but no data lines"],
        ),
        (
            "kindergartens",
            KINDERGARTENS + "KG9,NOPE,ordinary,А,Б,В,Г,kk\n",
            [
                "kindergartens.csv, line 2, column 'district_code': there is no district with the code 'NOPE' (import districts first)"
            ],
        ),
        (
            "kindergartens",
            KINDERGARTENS + "KG9,D1,school,А,Б,В,Г,en\n",
            [
                "kindergartens.csv, line 2, column 'kind': 'school' is not one of: ordinary, sanatorium",
                "kindergartens.csv, line 2, column 'languages': 'en' is not one of: kk, ru, kk+ru",
            ],
        ),
        (
            "places",
            PLACES + "KG1,2022,ru,2\n",
            [
                "places.csv, line 2, column 'language': kindergarten 'KG1' does not teach in 'ru' (it teaches kk)"
            ],
        ),
        (
            "places",
            PLACES + "KG1,1990,kk,two\nKG7,2022,kk,1\n",
            [
                "places.csv, line 2, column 'group_year': 1990 is outside the allowed range 2019–2026",
                "places.csv, line 2, column 'count': 'two' is not a whole number",
                "places.csv, line 3, column 'kindergarten_code': there is no kindergarten with the code 'KG7' (import kindergartens first)",
            ],
        ),
        (
            "children",
            CHILDREN + f"220301500114,Ахметов,Әли,,{PARENT},\n{CHILD},,Әли,,123,KG7\n",
            [
                "children.csv, line 2, column 'iin': '220301500114' is not a valid IIN (the check digit does not match)",
                "children.csv, line 3, column 'surname': a value is required here",
                "children.csv, line 3, column 'parent_iins': '123' is not a valid IIN (it must be 12 digits)",
                "children.csv, line 3, column 'enrolled_kindergarten_code': there is no kindergarten with the code 'KG7' (import kindergartens first)",
            ],
        ),
        (
            "applications",
            APPLICATIONS + f"N1,{CHILD},{PARENT},D9,ordinary,kk,none,2023-01-01T09:00:00\n",
            [
                "applications.csv, line 2, column 'district_code': there is no district with the code 'D9' (import districts first)"
            ],
        ),
        (
            "applications",
            APPLICATIONS
            + f"N1,{CHILD},{PARENT},D1,ordinary,kk,none,2023-01-01T09:00:00\nN1,{CHILD},{PARENT},D1,ordinary,kk,none,2023-01-02T09:00:00\n",
            ["applications.csv, line 3, column 'number': 'N1' already appears on line 2"],
        ),
        (
            "applications",
            APPLICATIONS
            + f"N1,{CHILD},{PARENT},D1,ordinary,kk,none,01.01.2023\nN2,{CHILD},{PARENT},D1,ordinary,kk,none,2021-01-01T09:00\nN3,{CHILD},{PARENT},D1,ordinary,kk,vip,2099-01-01\n",
            [
                "applications.csv, line 2, column 'submitted_at': '01.01.2023' is not a date and time in ISO 8601, e.g. 2025-03-01T09:30:00",
                "applications.csv, line 3, column 'submitted_at': '2021-01-01T09:00' is before the child's birth date 2022-03-01",
                "applications.csv, line 4, column 'benefit': 'vip' is not one of: out_of_turn, first, none",
                "applications.csv, line 4, column 'submitted_at': '2099-01-01' is in the future",
            ],
        ),
        (
            "applications",
            APPLICATIONS + f"N1,22030150011X,{PARENT},D1,ordinary,kk,none,2023-01-01T09:00:00\n",
            [
                "applications.csv, line 2, column 'child_iin': '22030150011X' is not a valid IIN (it must be 12 digits)"
            ],
        ),
    ],
)
async def test_bad_files_are_refused_whole_with_plain_reasons(
    world: Scenario, services: Services, kind: str, text: str, expected: list[str]
) -> None:
    before = await counts(services)
    assert await refused(services, kind, text) == expected
    assert await counts(services) == before


async def test_one_bad_line_among_good_ones_writes_nothing(
    world: Scenario, services: Services
) -> None:
    lines = [
        f"N{i},{new_iin(__import__('datetime').date(2022, 1, 1 + i % 27))},{PARENT},D1,ordinary,kk,none,2023-01-01T09:00:00"
        for i in range(12_000)
    ]
    lines[11_500] = lines[11_500].replace("ordinary", "daycare")
    before = await counts(services)
    problems = await refused(services, "applications", APPLICATIONS + "\n".join(lines) + "\n")
    assert problems == [
        "applications.csv, line 11502, column 'kind': 'daycare' is not one of: ordinary, sanatorium"
    ]
    assert await counts(services) == before  # the batches written before line 11502 are gone too


async def test_a_number_already_in_the_database_is_refused(
    world: Scenario, services: Services
) -> None:
    await world.application(number="N1")
    problems = await refused(
        services,
        "applications",
        APPLICATIONS + f"N1,{CHILD},{PARENT},D1,ordinary,kk,none,2023-01-01T09:00:00\n",
    )
    assert problems == [
        "applications.csv, line 2, column 'number': an application numbered 'N1' already exists"
    ]


async def test_semicolons_and_a_byte_order_mark_are_understood(
    world: Scenario, services: Services
) -> None:
    text = (
        "\ufeff"
        + APPLICATIONS.replace(",", ";")
        + f"N1;{CHILD};{PARENT};D1;ordinary;kk;first;2023-01-01 09:00\n"
    )
    assert (await run(services, "applications", text)).endswith("1 new, 0 updated")
    status = await Scenario(services).status("N1")
    assert status["group_year"] == 2022 and status["status"] == "in_queue"


async def test_a_time_without_offset_is_almaty_time(world: Scenario, services: Services) -> None:
    await run(
        services,
        "applications",
        APPLICATIONS + f"N1,{CHILD},{PARENT},D1,ordinary,kk,none,2023-01-01T09:00:00\n",
    )
    await run(
        services,
        "applications",
        APPLICATIONS
        + f"N2,{new_iin(__import__('datetime').date(2022, 3, 1))},{PARENT},D1,ordinary,kk,none,2023-01-01T08:30:00+04:00\n",
    )
    # 08:30 at +04:00 is 09:30 in Almaty (+05:00): after N1
    assert (await Scenario(services).status("N2"))["position"] == 2


async def test_a_file_that_is_not_utf8_text_is_refused(world: Scenario, services: Services) -> None:
    before = await counts(services)
    for kind, header in (("applications", APPLICATIONS), ("districts", DISTRICTS)):
        with pytest.raises(ImportRefused) as caught:
            await services.imports.run(
                kind, BytesSource(f"{kind}.csv", b"\xff\xfe\x00\x81garbage\n"), ADMIN
            )
        assert [str(p) for p in caught.value.problems] == [
            f"{kind}.csv, line 1: the file is not UTF-8 text (save it as CSV UTF-8)"
        ]
        good_line = f"N1,{CHILD},{PARENT},D1,ordinary,kk,none,2023-01-01T09:00:00\n"
        with pytest.raises(ImportRefused) as caught:
            await services.imports.run(
                kind,
                BytesSource(f"{kind}.csv", (header + good_line).encode() + b"\xc0\xaf\n"),
                ADMIN,
            )
        assert "is not UTF-8 text" in str(caught.value)
    assert await counts(services) == before


async def test_children_import_sets_parents_and_enrolment(
    world: Scenario, services: Services
) -> None:
    second_parent = new_iin(__import__("datetime").date(1988, 8, 8))
    await run(
        services,
        "children",
        CHILDREN + f"{CHILD},Ахметова,Аружан,Маратқызы,{PARENT} {second_parent},KG1\n",
    )
    async with services.uow.read() as uow:
        child = await uow.children.get(CHILD)
        assert child is not None and (child.surname, child.name, child.patronymic) == (
            "Ахметова",
            "Аружан",
            "Маратқызы",
        )
        assert child.enrolled_kindergarten_id == (await uow.kindergartens.by_code("KG1")).id  # type: ignore[union-attr]
        assert await uow.children.parents_of(CHILD) == sorted([PARENT, second_parent])
    # re-import replaces what the file says
    await run(services, "children", CHILDREN + f"{CHILD},Ахметова,Аружан,Маратқызы,{PARENT},\n")
    async with services.uow.read() as uow:
        assert await uow.children.parents_of(CHILD) == [PARENT]
        assert not await uow.children.is_enrolled(CHILD)


async def test_places_are_published_free(world: Scenario, services: Services) -> None:
    summary = await run(services, "places", PLACES + "KG1,2022,kk,3\nKG1,2022,kk,2\n")
    assert "5 free place(s) published" in summary
    async with services.uow.read() as uow:
        assert await uow.places.count_in_states([PlaceState.FREE]) == {PlaceState.FREE: 5}
