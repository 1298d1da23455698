"""Glances: reads of a few rows by key on the chat's hot path (the identity of a user, the FSM
state, an application's card), run on SQLite by a synchronous connection on the event loop's
own thread.

Each statement through the async engine pays a trip to the connection's thread and SQLAlchemy's
async adaptation (~0.2 ms on a small VM), ten times what such a read takes to run. Running it on
the loop's thread blocks the loop for that run only: tens of microseconds, less than the trip.
WAL lets these reads run beside a writer without waiting for it. Only reads known to be that
short belong here (`UnitOfWorkFactory.glance`); everything else keeps the async reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Engine, Executable, Result, create_engine, event
from sqlalchemy.engine import URL

# A glance that finds the file locked (rare under WAL: a recovery or a checkpoint restarting the
# log) waits this long on the loop's thread before it gives up with an error.
GLANCE_BUSY_TIMEOUT_MS = 200


class GlanceSession:
    """What the repositories ask of a session to read (`execute`), over a synchronous
    connection: no await inside, so the statement runs and returns on the loop's thread."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def execute(
        self, statement: Executable, params: Mapping[str, Any] | None = None
    ) -> Result[Any]:
        return self._connection.execute(statement, params)

    def get_bind(self) -> Engine:
        return self._connection.engine

    async def close(self) -> None:
        self._connection.close()


def glance_engine(url: URL, cache_kib: int) -> Engine:
    engine = create_engine(
        url.set(drivername="sqlite"),
        isolation_level="AUTOCOMMIT",
        # Nothing to roll back or reset: autocommit reads leave no transaction behind.
        skip_autocommit_rollback=True,
        pool_reset_on_return=None,
        pool_size=2,
        max_overflow=8,
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only=ON")
        cursor.execute(f"PRAGMA busy_timeout={GLANCE_BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA cache_size=-{cache_kib}")
        cursor.close()

    return engine
