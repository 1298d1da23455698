"""`python -m bot backup FILE`: a consistent copy of the database while the bot runs. SQLite
copies itself page by page through its online backup API, which sees one moment even while the
bot writes; PostgreSQL's own pg_dump (custom format, for pg_restore) does the same from one
snapshot. The copy is written beside FILE and renamed onto it only when complete, so FILE is
never half a backup."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

PAGES_PER_STEP = 1024  # the bot's writers get the database between steps


class BackupError(RuntimeError):
    pass


def back_up(url: URL, target: Path) -> str:
    """Writes the backup; returns how to restore it."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite(url, partial)
            how = f"stop the bot and put {target.name} in place of {url.database}"
        else:
            _postgres(url, partial)
            how = f"pg_restore --clean --if-exists --no-owner --dbname=URL {target.name}"
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return how


def _sqlite(url: URL, partial: Path) -> None:
    if not url.database or url.database == ":memory:" or not Path(url.database).exists():
        raise BackupError(f"there is no SQLite file at {url.database!r}")
    source = sqlite3.connect(f"file:{url.database}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy, pages=PAGES_PER_STEP)
    finally:
        copy.close()
        source.close()


def _postgres(url: URL, partial: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    done = subprocess.run(
        [pg_dump, "--format=custom", "--no-owner", f"--file={partial}", dsn],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
