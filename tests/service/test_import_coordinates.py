"""The kindergartens' optional coordinates (the transparency issue, point 3): both or neither,
numbers inside Kazakhstan; refused whole, with the line and column, when not; a file without the
columns leaves them as they were."""

from __future__ import annotations

import pytest

from bot.wiring import Services
from tests.scenario import Scenario
from tests.service.test_imports import KINDERGARTENS, refused, run

WITH_COORDINATES = KINDERGARTENS.rstrip("\n") + ",latitude,longitude\n"


def line(code: str, latitude: str, longitude: str) -> str:
    return f"{code},D1,ordinary,«{code}»,«{code}»,Абай 1,Абая 1,kk,{latitude},{longitude}\n"


async def where(services: Services, code: str) -> tuple[float | None, float | None]:
    async with services.uow.read() as uow:
        row = await uow.kindergartens.by_code(code)
        assert row is not None
        return row.latitude, row.longitude


@pytest.fixture
async def world(services: Services) -> Scenario:
    scenario = Scenario(services)
    await scenario.district("D1", "Q1")
    return scenario


async def test_good_coordinates_are_kept(world: Scenario, services: Services) -> None:
    text = (
        WITH_COORDINATES + line("KG1", "43.2383", "76.9456") + line("KG2", '"51,1694"', "71.4491")
    )
    assert "2 new" in await run(services, "kindergartens", text)
    assert await where(services, "KG1") == (43.2383, 76.9456)
    assert await where(services, "KG2") == (51.1694, 71.4491)  # a decimal comma, as Excel may write
    await run(services, "kindergartens", WITH_COORDINATES + line("KG3", "", ""))
    assert await where(services, "KG3") == (None, None)


async def test_a_file_without_the_columns_leaves_them(world: Scenario, services: Services) -> None:
    await run(services, "kindergartens", WITH_COORDINATES + line("KG1", "43.2383", "76.9456"))
    await run(services, "kindergartens", KINDERGARTENS + "KG1,D1,ordinary,«Жаңа»,«Новый»,А,А,kk\n")
    assert await where(services, "KG1") == (43.2383, 76.9456)
    await run(services, "kindergartens", WITH_COORDINATES + line("KG1", "", ""))
    assert await where(services, "KG1") == (None, None)  # emptied on purpose


async def test_out_of_bounds_and_halves_are_refused(world: Scenario, services: Services) -> None:
    text = (
        WITH_COORDINATES
        + line("KG1", "43.2383", "76.9456")
        + line("KG2", "55.7558", "37.6173")  # Moscow
        + line("KG3", "43.2383", "")
        + line("KG4", "north", "76.9")
        + line("KG5", "nan", "76.9")
    )
    assert await refused(services, "kindergartens", text) == [
        "kindergartens.csv, line 3, column 'latitude': 55.7558, 37.6173 is outside Kazakhstan"
        " (latitude 40.5–55.5, longitude 46.4–87.4)",
        "kindergartens.csv, line 4, column 'longitude': give both latitude and longitude, or"
        " neither",
        "kindergartens.csv, line 5, column 'latitude': 'north' is not a number like 43.2389",
        "kindergartens.csv, line 6, column 'latitude': 'nan' is not a number like 43.2389",
    ]
    async with services.uow.read() as uow:
        assert await uow.kindergartens.all_by_code() == {}  # nothing half-written
