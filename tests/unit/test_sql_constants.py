"""Fixed words in SQL: on SQLite, comparisons of an enum column with its members are written
into the statement, not bound, so that SQLite does not re-prepare the statement on every
execution (its partial indexes name those columns) — the card's statement ran 0.25 ms instead
of 0.02 ms. On PostgreSQL they stay bound."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import Dialect, Select, select
from sqlalchemy.dialects import postgresql, sqlite

from domain.enums import WAITING_STATUSES, ApplicationStatus, Benefit
from storage.models import Application, Offer
from storage.repositories.base import one_of
from storage.types import sql_constant


def _sql(statement: Select[Any], dialect: Dialect) -> tuple[str, dict[str, object]]:
    compiled = statement.compile(dialect=dialect)
    return str(compiled), dict(compiled.params)


POSTGRESQL: Dialect = postgresql.dialect()  # type: ignore[no-untyped-call]


def _statement() -> Select[Any]:
    return select(Application.id).where(
        Application.status == ApplicationStatus.IN_QUEUE,
        Application.benefit != Benefit.NONE,
        Application.status.in_(sorted(WAITING_STATUSES)),
        Application.id == 7,
    )


def test_on_sqlite_member_comparisons_are_written_into_the_sql() -> None:
    sql, params = _sql(_statement(), sqlite.dialect())
    assert "applications.status = 'in_queue'" in sql
    assert "applications.benefit != 'none'" in sql
    assert "applications.status IN ('in_queue', 'notified', 'stop_listed')" in sql
    # Only the value that varies is bound.
    assert list(params.values()) == [7]


def test_on_postgresql_they_stay_bound() -> None:
    """A generic plan with a bound status never trades the primary key for a whole partial
    index (the lapse sweep: 13.4 s bound, 16.5 s written in)."""
    sql, params = _sql(_statement(), POSTGRESQL)
    assert "'in_queue'" not in sql
    assert sorted(map(str, params.values())) == sorted(
        ["in_queue", "none", "in_queue", "notified", "stop_listed", "7"]
    )


def test_different_members_make_different_statements() -> None:
    """The member is part of the statement's cache key: a cached compilation of one member's
    statement must never be reused for another's."""
    first = select(Offer.id).where(Offer.status == "active")
    in_queue = select(Application.id).where(Application.status == ApplicationStatus.IN_QUEUE)
    notified = select(Application.id).where(Application.status == ApplicationStatus.NOTIFIED)
    assert in_queue._generate_cache_key() != notified._generate_cache_key()
    assert "'notified'" in _sql(notified, sqlite.dialect())[0]
    assert list(_sql(notified, POSTGRESQL)[1].values()) == ["notified"]
    # A plain string compared with an enum column stays a bound value, as the caller wrote it.
    assert _sql(first, sqlite.dialect())[1] == {"status_1": "active"}


def test_one_of_writes_its_words_into_the_sql() -> None:
    sql, params = _sql(
        select(Application.id).where(one_of(Application.status, WAITING_STATUSES)),
        sqlite.dialect(),
    )
    assert "applications.status = 'in_queue'" in sql
    assert params == {}


@pytest.mark.parametrize("word", ["x'; DROP TABLE applications; --", "In_Queue", "", "1a"])
def test_only_plain_words_are_written_into_sql(word: str) -> None:
    with pytest.raises(ValueError, match="not a fixed word"):
        sql_constant(word)


def test_sqlite_runs_the_statement_without_preparing_it_again() -> None:
    """The reason for all of the above, measured on SQLite itself: `reprep` counts how often a
    statement was compiled again (SQLite's sqlite_stmt table)."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("SELECT * FROM sqlite_stmt").fetchall()
    except sqlite3.OperationalError:
        pytest.skip("this SQLite is built without the sqlite_stmt table (SQLITE_ENABLE_STMTVTAB)")
    connection.executescript(
        "CREATE TABLE a (id INTEGER PRIMARY KEY, status TEXT);"
        "CREATE INDEX a_stop ON a (id) WHERE status = 'stop_listed';"
    )

    def reprepared(sql: str, params: dict[str, object]) -> int:
        for _ in range(5):
            connection.execute(sql, params).fetchall()
        rows = connection.execute("SELECT reprep FROM sqlite_stmt WHERE sql = ?", (sql,)).fetchall()
        return int(rows[0][0])

    bound = "SELECT id FROM a WHERE status = :status AND id > :id"
    written = "SELECT id FROM a WHERE status = 'in_queue' AND id > :id"
    assert reprepared(bound, {"status": "in_queue", "id": 0}) >= 4
    assert reprepared(written, {"id": 0}) == 0


def test_a_set_of_members_is_written_in_the_words_order() -> None:
    """The same SQL in every process, whatever order a set iterates in."""
    for given in (
        [ApplicationStatus.STOP_LISTED, ApplicationStatus.NOTIFIED, ApplicationStatus.IN_QUEUE],
        WAITING_STATUSES,
    ):
        sql, _ = _sql(select(Application.id).where(Application.status.in_(given)), sqlite.dialect())
        assert "applications.status IN ('in_queue', 'notified', 'stop_listed')" in sql
