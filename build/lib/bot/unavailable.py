"""Is this failure the database or Redis being out of reach (down, restarting, refusing
connections, a pool that waited too long), rather than something wrong with the request? Then
the person is told the service is unavailable for a moment, and nothing else is said or done:
every write is a transaction, so nothing was half-written, and the pools reconnect by themselves
when the server is back (pool_pre_ping)."""

from __future__ import annotations

import errno
from collections.abc import Iterator

import asyncpg
from redis import exceptions as redis_errors
from sqlalchemy import exc as sa_errors

_UNREACHABLE = (
    ConnectionError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    sa_errors.OperationalError,
    sa_errors.InterfaceError,
    sa_errors.TimeoutError,
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
)


_NETWORK_ERRNOS = {errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT}


def _network_failure(error: BaseException) -> bool:
    """asyncio's connect raises a bare OSError when every address of a host refused."""
    return isinstance(error, OSError) and (
        error.errno in _NETWORK_ERRNOS or "Connect call failed" in str(error)
    )


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_unavailable(error: BaseException) -> bool:
    for cause in _causes(error):
        if isinstance(cause, sa_errors.DBAPIError) and cause.connection_invalidated:
            return True
        if isinstance(cause, _UNREACHABLE) or _network_failure(cause):
            return True
    return False
