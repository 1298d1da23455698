"""At most 5 wrong passwords per Telegram user in 15 minutes, then a cool-down that a restart
does not lift (it is counted in the database)."""

from __future__ import annotations

import pytest

from bot.wiring import build_services
from services.calendar import WorkCalendar
from services.eds import EdsService
from services.eds.demo_pki import DEMO_PASSWORD, DemoPki
from services.eds.errors import TooManyAttempts, WrongPassword
from storage.db import Database
from tests.databases import open_database
from tests.fakes.clock import FakeClock
from tests.pki import DEMO_NOW, HOLDER

USER, OTHER_USER = 1001, 1002


async def test_five_wrong_passwords_then_a_cool_down_that_survives_a_restart(
    demo_pki: DemoPki, demo_eds: EdsService, database: Database, database_url: str
) -> None:
    clock = FakeClock(DEMO_NOW)
    services = build_services(database, clock, WorkCalendar(), demo_eds)
    key = demo_pki.keys[f"AUTH_RSA256_{HOLDER.iin}"].read_bytes()
    for minute in range(5):
        clock.set(DEMO_NOW.replace(minute=minute))
        with pytest.raises(WrongPassword):
            await services.keys.login(USER, key, "wrong")
    clock.set(DEMO_NOW.replace(minute=5))
    with pytest.raises(TooManyAttempts) as refused:
        await services.keys.login(USER, key, DEMO_PASSWORD)  # even the right one now
    assert refused.value.until == DEMO_NOW.replace(minute=15)
    assert (
        await services.keys.login(OTHER_USER, key, DEMO_PASSWORD)
    ).iin == HOLDER.iin  # others are not affected

    restarted_database = open_database(database_url)
    try:
        restarted = build_services(restarted_database, clock, WorkCalendar(), demo_eds)
        with pytest.raises(TooManyAttempts):
            await restarted.keys.sign(USER, key, DEMO_PASSWORD, b"x")
        clock.set(DEMO_NOW.replace(minute=15, second=1))  # the first failure has left the window
        assert (await restarted.keys.login(USER, key, DEMO_PASSWORD)).iin == HOLDER.iin
    finally:
        await restarted_database.dispose()
