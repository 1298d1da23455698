"""Test databases: a fresh SQLite file per test, and one PostgreSQL database per test session
that every test empties first. Tests that need PostgreSQL skip, saying why, where there is none."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import pytest
from sqlalchemy import text

from storage.db import Database, create_database
from storage.models import Base

PG_HOST = os.environ.get("TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("TEST_PG_USER", "postgres")


NO_POSTGRES = "PostgreSQL is not reachable on 127.0.0.1:5432 (CI starts it; see .ci/run)"


def unavailable(reason: str) -> NoReturn:
    """A server a test needs is not running: the test skips on a developer's machine, saying
    why; under CI=true, where .ci/run starts every server, the run fails instead of quietly
    skipping half the suite."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def postgres_reachable() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


def pg_url(database: str) -> str:
    return f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"


async def _admin(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres"
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def create_pg_database() -> str:
    name = f"kg_test_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    return name


async def create_pg_database_async() -> str:
    name = f"kg_test_{uuid.uuid4().hex[:10]}"
    await _admin(f'CREATE DATABASE "{name}"')
    return name


async def copy_pg_database(name: str) -> str:
    """A copy of a database nobody is connected to (PostgreSQL's TEMPLATE)."""
    copy = f"{name}_copy"
    await _admin(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return copy


async def drop_pg_database_async(name: str) -> None:
    await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_pg_database(name: str) -> None:
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def create_schema(database: Database) -> None:
    async with database.writer.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)


async def empty_all_tables(database: Database) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with database.writer.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def sqlite_url(path: str) -> str:
    return f"sqlite+aiosqlite:///{path}"


def open_database(url: str) -> Database:
    return create_database(url)


NO_REDIS = "Redis is not reachable on 127.0.0.1:6379 (CI starts it; see .ci/run)"
REDIS_HOST = os.environ.get("TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("TEST_REDIS_PORT", "6379"))
REDIS_DATABASES = range(1, 16)  # 0 is left to whoever else uses this Redis
CLAIM_SECONDS = 1800


def redis_reachable() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def redis_database() -> Iterator[str]:
    """The URL of a Redis database of its own, emptied, for one test: tests running side by side
    (pytest-xdist) claim different numbers, so their update ids and chats never meet."""
    import redis

    if not redis_reachable():
        unavailable(NO_REDIS)
    claims = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=0)
    token = uuid.uuid4().hex
    try:
        for number in REDIS_DATABASES:
            claim = f"kg-tests:redis-db:{number}"
            if claims.set(claim, token, nx=True, ex=CLAIM_SECONDS):
                redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number).flushdb()
                try:
                    yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"
                finally:
                    if claims.get(claim) == token.encode():
                        claims.delete(claim)
                return
        raise RuntimeError("every test Redis database is claimed")
    finally:
        claims.close()
