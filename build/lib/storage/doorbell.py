"""New messages in the outbox ring a bell, so that the senders send them at once rather than at
their next look: in this process directly, and in the others through PostgreSQL's NOTIFY, which
the database delivers when the transaction that wrote them commits — never before, and never for
one rolled back. SQLite has nothing like it; there the senders look every second."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import asyncpg
from sqlalchemy.engine import URL

log = logging.getLogger(__name__)

CHANNEL = "kindergarten_outbox"
RECONNECT_PAUSE = 2.0


class Doorbell:
    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []

    def listen(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def ring(self) -> None:
        for callback in self._listeners:
            callback()


def asyncpg_dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def hear_postgres(url: URL, doorbell: Doorbell, stopping: asyncio.Event) -> None:
    """LISTENs on its own connection until `stopping`; a lost connection is made again (and the
    bell rung, since a notice may have gone by meanwhile)."""
    lost = False
    while not stopping.is_set():
        try:
            connection = await asyncpg.connect(asyncpg_dsn(url))
        except (OSError, asyncpg.PostgresError) as error:
            if not lost:
                log.warning("LISTEN: PostgreSQL out of reach (%s); retrying", type(error).__name__)
            lost = True
            await _pause(stopping)
            continue
        if lost:
            log.warning("LISTEN: PostgreSQL reachable again")
        lost = False
        try:
            await _listen(connection, doorbell, stopping)
        except (OSError, asyncpg.PostgresError):
            pass
        finally:
            if not connection.is_closed():
                await connection.close()


async def _listen(
    connection: asyncpg.Connection, doorbell: Doorbell, stopping: asyncio.Event
) -> None:
    """Until `stopping` or until the connection is lost."""
    closed = asyncio.Event()
    connection.add_termination_listener(lambda _connection: closed.set())
    await connection.add_listener(CHANNEL, lambda *_: doorbell.ring())
    doorbell.ring()
    waits = [asyncio.ensure_future(stopping.wait()), asyncio.ensure_future(closed.wait())]
    _, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()


async def _pause(stopping: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), RECONNECT_PAUSE)
