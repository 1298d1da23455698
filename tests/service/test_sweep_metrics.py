"""The sweeps as the operator's metrics show them (the production issue, point 5): how long each
took and the transitions it applied, by kind."""

from __future__ import annotations

from bot.background import Background
from bot.metrics import Metrics
from bot.wiring import Services
from storage.leadership import Leadership
from tests.prometheus import sample
from tests.scenario import Scenario


async def test_a_sweep_is_timed_and_its_transitions_counted(services: Services) -> None:
    scenario = Scenario(services)
    await scenario.district("D1", "Q1")
    await scenario.kindergarten("KG1", "D1")
    for _ in range(3):
        await scenario.application()
    await scenario.places_left_to_the_sweep("KG1", 2022, "kk", 2)
    metrics = Metrics()
    background = Background(
        services.sweeps,
        [],
        sweep_leadership=Leadership(services.database, "sweeps"),
        metrics=metrics,
    )

    await background.sweep()
    await background.sweep()  # nothing left: timed, nothing counted

    text = (await metrics.exposition(None)).decode()
    assert sample(text, "bot_sweep_transitions_total", kind="offer_made") == 2
    assert sample(text, "bot_sweep_seconds_count") == 2
    assert 'kind="offer_expired"' not in text
