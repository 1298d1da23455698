"""`python -m bot backup FILE` and its restore (the production issue, "Deployment"): SQLite's
online backup sees one moment even while another connection writes; PostgreSQL's copy is
pg_dump's, restored with pg_restore. The restored database answers as the original did."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.cli import main
from bot.config import Settings
from tests.databases import create_pg_database, drop_pg_database, pg_url
from tests.fakes.clock import FakeClock, almaty

NUMBER = "ALA-2023-00001"


def cli(settings: Settings, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), settings=settings, clock=FakeClock(almaty(2026, 11, 23, 10)), out=out)
    return code, out.getvalue()


@pytest.fixture
def settings(empty_database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=empty_database_url, calendar_corrections_file=tmp_path / "corrections.csv"
    )


def restored(settings: Settings, backup: Path, tmp_path: Path) -> tuple[Settings, str | None]:
    """Settings whose database is the backup put back; and a PostgreSQL database to drop."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        place = tmp_path / "restored.db"
        shutil.copyfile(backup, place)
        return settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{place}"}), None
    name = create_pg_database()
    target = make_url(pg_url(name)).set(drivername="postgresql").render_as_string(False)
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={target}", str(backup)], check=True)
    return settings.model_copy(update={"database_url": pg_url(name)}), name


def test_a_backup_restores_to_the_same_answers(settings: Settings, tmp_path: Path) -> None:
    is_sqlite = make_url(settings.database_url).get_backend_name() == "sqlite"
    if not is_sqlite and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed (apt-get install postgresql-client)")
    assert cli(settings, "seed-demo")[0] == 0
    before = cli(settings, "status", NUMBER, "--json")[1]
    backup = tmp_path / "kindergarten.backup"

    code, text = cli(settings, "backup", str(backup))

    assert code == 0, text
    assert text.startswith(f"backup written to {backup}; to restore it: ")
    assert not backup.with_name(backup.name + ".partial").exists()
    again, dropped = restored(settings, backup, tmp_path)
    try:
        assert cli(again, "status", NUMBER, "--json")[1] == before
        assert json.loads(before)["status"] == "notified"
    finally:
        if dropped:
            drop_pg_database(dropped)


def test_a_sqlite_backup_leaves_out_what_a_writer_has_not_committed(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        calendar_corrections_file=tmp_path / "corrections.csv",
    )
    assert cli(settings, "seed-demo")[0] == 0
    writer = sqlite3.connect(tmp_path / "bot.db")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM applications")  # the bot, in the middle of a write
    try:
        assert cli(settings, "backup", str(tmp_path / "copy.db"))[0] == 0
    finally:
        writer.rollback()
        writer.close()
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("SELECT count(*) FROM applications").fetchone() == (500,)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()


def test_a_failed_backup_says_why_and_leaves_no_file(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'missing.db'}",
        calendar_corrections_file=tmp_path / "corrections.csv",
    )
    target = tmp_path / "copy.db"
    assert cli(settings, "backup", str(target)) == (1, "")
    assert not target.exists()
