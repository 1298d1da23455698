"""The playground's parts that need no process: its clock (forward only, by working days, kept
across restarts), what it refuses to start with, and when it seeds again."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.playground.clock import PlaygroundClock
from bot.playground.seed import PlaygroundFiles
from services.calendar import WorkCalendar
from tests.fakes.clock import FakeClock, almaty


def test_the_clock_moves_to_ten_of_the_next_working_day(tmp_path: Path) -> None:
    real = FakeClock(almaty(2026, 12, 11, 15, 30))  # a Friday
    clock = PlaygroundClock(tmp_path / "clock", real)
    calendar = WorkCalendar()
    clock.move_to(clock.next_working_day(calendar))
    assert clock.now() == almaty(2026, 12, 14, 10, 0)  # Monday
    clock.move_to(clock.next_working_day(calendar))
    assert clock.now() == almaty(2026, 12, 15, 10, 0)
    clock.move_to(clock.next_working_day(calendar))
    assert clock.now() == almaty(2026, 12, 17, 10, 0)  # 16 December: Independence Day
    real.advance(minutes=5)  # the real time goes on under it
    assert clock.now() == almaty(2026, 12, 17, 10, 5)


def test_the_clock_goes_forward_only_and_remembers_where_it_is(tmp_path: Path) -> None:
    real = FakeClock(almaty(2026, 12, 7, 9, 0))
    clock = PlaygroundClock(tmp_path / "clock", real)
    clock.move_to(almaty(2026, 12, 9, 9, 0))
    clock.move_to(almaty(2026, 12, 8, 9, 0))  # back: the data's dates would lie ahead of it
    assert clock.now() == almaty(2026, 12, 9, 9, 0)
    restarted = PlaygroundClock(tmp_path / "clock", real)
    assert restarted.now() == almaty(2026, 12, 9, 9, 0)
    (tmp_path / "clock").write_text("yesterday\n")
    assert PlaygroundClock(tmp_path / "clock", real).now() == real.now()


def test_it_refuses_a_configured_production_database(capsys: pytest.CaptureFixture[str]) -> None:
    configured = Settings(_env_file=None, database_url="postgresql+asyncpg://bot@db/production")  # type: ignore[call-arg]
    assert main(["playground", "--port", "0"], settings=configured, out=io.StringIO()) == 2
    said = capsys.readouterr().err
    assert "DATABASE_URL is set (postgresql+asyncpg://…)" in said
    assert "--database URL" in said and "production" not in said  # no address in the console


def test_it_seeds_again_only_when_its_data_is_gone(tmp_path: Path) -> None:
    files = PlaygroundFiles(tmp_path / "data")
    own = f"sqlite+aiosqlite:///{files.database}"
    assert not files.exists(own)
    files.folder.mkdir(parents=True)
    files.seeded.write_text("{}")
    assert not files.exists(own)  # the database file was deleted
    files.database.write_bytes(b"")
    assert files.exists(own)
    assert files.exists("postgresql+asyncpg://bot@127.0.0.1/playground")  # --database
    files.remove()
    assert not files.exists(own) and not files.database.exists()
