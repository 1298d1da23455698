"""The application card's forecast (the transparency issue, point 1), in kk and ru: "not enough
data" while fewer than 3 months gave a place in the pool; then a range of months and its basis,
once places were given month after month — by the product itself: published, offered (R6),
signed (R10)."""

from __future__ import annotations

from domain.audit import Actor
from tests.flows.conftest import ChatWorld
from tests.flows.test_login import log_in
from tests.pki import HOLDER, STRANGER


async def card_of(world: ChatWorld, number: str, language: str) -> str:
    chat = world.driver(language_code=language)
    await log_in(world, chat, language=language)
    journal = await chat.send("Өтініштер журналы" if language == "kk" else "Журнал заявлений")
    return (await chat.press(journal.button(f"№ {number}"))).text


async def test_not_enough_data_in_kazakh(world: ChatWorld) -> None:
    text = await card_of(world, world.numbers["mine_waiting"], "kk")
    assert "Кезектегі орны: 3." in text
    assert "Болжау үшін дерек аз." in text
    assert "Болжам:" not in text


async def test_not_enough_data_in_russian(world: ChatWorld) -> None:
    text = await card_of(world, world.numbers["mine_waiting"], "ru")
    assert "Недостаточно данных для прогноза." in text


async def give_a_place_a_month(world: ChatWorld, months: int) -> None:
    """Each month a place is published in the pool, offered to an application ahead of hers
    (R6), signed for (R10) and the child comes (R16)."""
    scenario = world.scenario
    kindergarten = await scenario.kindergarten_id("KG1")
    for month in range(months):
        number = await scenario.application(
            applicant=STRANGER.iin, submitted=f"2022-03-{month + 2:02d}T09:00:00"
        )
        await scenario.places("KG1", 2022, "kk", 1)
        referral = await scenario.sign(number, "KG1", "kk", parent=STRANGER.iin)
        await world.services.staff_actions.record_arrival(
            referral.number, kindergarten, Actor.staff("tg:1")
        )
        world.clock.advance(days=31)
    await world.services.sweeps.run_due()


async def test_a_forecast_from_three_months_of_places_in_kazakh(world: ChatWorld) -> None:
    await give_a_place_a_month(world, 3)
    late = await world.scenario.application(applicant=HOLDER.iin, submitted="2023-06-01T09:00:00")
    text = await card_of(world, late, "kk")
    lines = text.splitlines()
    position = next(line for line in lines if line.startswith("Кезектегі орны:"))
    assert position.startswith("Кезектегі орны: 4.")
    # 3 places in 12 months: the busier half gives 0.5 a month, the quieter half is floored at
    # half the average (0.125): 4 places needed make 8 to 32 months.
    forecast = lines[lines.index(position) + 1 :][:2]
    assert forecast == [
        "Болжам: 8–32 ай.",
        "Негізі: соңғы 12 айда осы кезек пен топтың жылында берілген орындар (айына орта есеппен"
        " 0,2) және алдыңыздағы өтініштер: 3.",
    ]


async def test_a_forecast_in_russian(world: ChatWorld) -> None:
    await give_a_place_a_month(world, 4)
    world.clock.advance(days=1)
    late = await world.scenario.application(applicant=HOLDER.iin, submitted="2023-06-01T09:00:00")
    text = await card_of(world, late, "ru")
    assert "Прогноз: 6–24 месяца." in text
    assert "(в среднем 0,3 в месяц), и заявления впереди: 3." in text
