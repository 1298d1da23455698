"""The ops CLI (`python -m bot …`) run in-process with an injected clock."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from tests.fakes.clock import FakeClock, almaty


@pytest.fixture
def settings(empty_database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=empty_database_url, calendar_corrections_file=tmp_path / "corrections.csv"
    )


def cli(settings: Settings, clock: FakeClock, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), settings=settings, clock=clock, out=out)
    return code, out.getvalue()


def test_seed_sweep_status_in_json(settings: Settings, tmp_path: Path) -> None:
    clock = FakeClock(almaty(2026, 11, 23, 10))
    code, text = cli(settings, clock, "seed-demo")
    assert code == 0
    assert "500 line(s) of applications imported — 500 new, 0 updated" in text
    # R6 at once: the places import offered the turns, and the sweep finds nothing left to do.
    offered = int(text.split("R6: ")[1].split()[0])
    assert offered > 0
    code, text = cli(settings, clock, "sweep")
    assert code == 0 and text.endswith("nothing was due\n")

    code, text = cli(settings, clock, "status", "ALA-2023-00001", "--json")
    assert code == 0
    status = json.loads(text)
    assert set(status) == {
        "number",
        "status",
        "position",
        "ahead",
        "group_year",
        "queue_code",
        "kind",
        "stop_listed_until",
        "misses",
        "offer",
        "referral",
    }
    assert (
        status["status"] == "notified"
        and status["queue_code"] == "ALA"
        and status["kind"] == "ordinary"
    )
    assert set(status["ahead"]) == {"out_of_turn", "first", "none"}
    assert status["offer"]["expires_at"] == "2026-11-26T23:59:59+05:00"  # R8: Tue, Wed, Thu
    assert status["referral"] is None


def test_import_errors_name_file_line_column_and_change_nothing(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock(almaty(2026, 11, 23, 10))
    good = tmp_path / "districts.csv"
    good.write_text(
        "code,name_kk,name_ru,queue_code,priority_ratio\nA,Алмалы,Алмалинский,ALA,\n",
        encoding="utf-8",
    )
    assert cli(settings, clock, "import", "districts", str(good))[0] == 0
    bad = tmp_path / "kindergartens.csv"
    bad.write_text(
        "code,district_code,kind,name_kk,name_ru,address_kk,address_ru,languages\n"
        "KG1,A,ordinary,А,Б,В,Г,kk\nKG2,Z,ordinary,А,Б,В,Г,kk\n",
        encoding="utf-8",
    )
    code, _ = cli(settings, clock, "import", "kindergartens", str(bad))
    errors = capsys.readouterr().err
    assert code == 1
    assert "kindergartens.csv: nothing was imported, because:" in errors
    assert (
        "kindergartens.csv, line 3, column 'district_code': there is no district with the code 'Z'"
        in errors
    )
    missing = tmp_path / "nope.csv"
    assert cli(settings, clock, "import", "places", str(missing))[0] == 2
    code, _ = cli(settings, clock, "status", "KG1-NOPE", "--json")
    assert code == 1 and "there is no application numbered 'KG1-NOPE'" in capsys.readouterr().err


def test_calendar_corrections_from_the_cli(settings: Settings) -> None:
    clock = FakeClock(almaty(2026, 11, 23, 10))
    code, text = cli(settings, clock, "calendar", "day-off", "2026-12-31", "Decree 123")
    assert code == 0
    code, text = cli(settings, clock, "calendar", "list", "2026-12")
    assert "2026-12-31 Thu  day off" in text
    assert text.strip().endswith("21 working days")


def test_migrate_is_repeatable(settings: Settings) -> None:
    clock = FakeClock(almaty(2026, 11, 23, 10))
    assert cli(settings, clock, "migrate") == (0, "the database is at the latest schema\n")
    assert cli(settings, clock, "migrate") == (0, "the database is at the latest schema\n")


def test_outbox_counts_per_channel_and_the_oldest_pending(settings: Settings) -> None:
    """`python -m bot outbox`: after the seed the turn notices wait (no chat has sent them yet),
    the R8 reminders are scheduled days ahead; the oldest pending age grows with the clock."""
    clock = FakeClock(almaty(2026, 11, 23, 10))
    code, text = cli(settings, clock, "seed-demo")
    offered = int(text.split("R6: ")[1].split()[0])  # the places import offered them at once
    clock.advance(minutes=5)
    code, text = cli(settings, clock, "outbox")
    assert code == 0
    header, row = text.splitlines()[1:3]
    assert header.split() == [
        "channel", "pending", "sending", "scheduled", "sent", "failed", "blocked", "skipped"
    ]  # fmt: skip
    assert row.split() == ["telegram", str(offered), "0", str(offered), "0", "0", "0", "0"]
    assert text.splitlines()[-1] == "oldest pending: due 300 s ago"
