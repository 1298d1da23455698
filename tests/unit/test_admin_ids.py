"""ADMIN_IDS: the superadministrators, from the environment to the role checks (issue 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.wiring import services_from_settings
from services.clock import SystemClock
from storage.migrate import upgrade


def test_admin_ids_are_parsed_with_spaces_and_empty_parts() -> None:
    assert Settings(admin_ids=" 900, 901,,").superadmins() == frozenset({900, 901})
    assert Settings(admin_ids="").superadmins() == frozenset()


def test_a_bad_admin_id_stops_the_start_with_a_clear_message() -> None:
    with pytest.raises(SystemExit, match="ADMIN_IDS must be Telegram user ids"):
        Settings(admin_ids="900, @aigul").superadmins()


async def test_the_setting_reaches_the_role_checks(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'roles.db'}",
        calendar_corrections_file=tmp_path / "none.csv",
        admin_ids="900",
    )
    services = services_from_settings(settings, SystemClock())
    await upgrade(services.database)
    boss = await services.roles.staffer(900)
    assert boss is not None and boss.superadmin
    assert await services.roles.staffer(901) is None
    await services.database.dispose()
