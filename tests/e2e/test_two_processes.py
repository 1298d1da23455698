"""Several instances (the scheduler issue, point 6): two `python -m bot worker` processes on one
PostgreSQL database start at once, both sweep and both run a sender. Every turn the seed's places
import gave is given once, and every parent gets each message once, through our Bot API server."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from services.clock import SystemClock
from storage.db import Database
from storage.models import Application, AuditEntry, OutboxMessage, TelegramUser
from tests.databases import (
    NO_POSTGRES,
    create_pg_database,
    drop_pg_database,
    open_database,
    pg_url,
    postgres_reachable,
    unavailable,
)
from tests.e2e.harness import cli, running_processes

FIRST_CHAT = 900_000


async def link_every_parent(database: Database) -> int:
    """Every applicant logged in once from their own chat (their notices come there)."""
    async with database.write_sessions() as session:
        parents = list(await session.scalars(select(Application.applicant_iin).distinct()))
        now = SystemClock().now()
        await session.execute(
            insert(TelegramUser),
            [
                {
                    "telegram_user_id": FIRST_CHAT + index,
                    "locale": ("kk", "ru")[index % 2],
                    "first_seen_at": now,
                    "parent_iin": iin,
                }
                for index, iin in enumerate(parents)
            ],
        )
        await session.commit()
    return len(parents)


async def turns(database: Database) -> Counter[int]:
    async with database.read_sessions() as session:
        rows = await session.scalars(
            select(AuditEntry.application_id).where(AuditEntry.action == "turn_arrived")
        )
        return Counter(i for i in rows if i is not None)


@pytest.fixture
def postgres_name() -> object:
    if not postgres_reachable():
        unavailable(NO_POSTGRES)
    name = create_pg_database()
    yield name
    drop_pg_database(name)


async def test_two_workers_give_each_turn_once_and_send_each_message_once(
    tmp_path: Path, postgres_name: str
) -> None:
    url = pg_url(postgres_name)
    env = {"DATABASE_URL": url, "EDS_TRUST_ANCHORS": "", "EDS_CRL_FILES": ""}
    output = await cli(tmp_path, "seed-demo", **env)
    expected = int(output.split("R6: ")[1].split()[0])  # the places import offered them at once
    assert expected > 0
    database = open_database(url)
    try:
        await link_every_parent(database)

        async with running_processes(tmp_path, ["worker", "worker"], **env) as api:

            def sent() -> list[tuple[int | None, str]]:
                return [(c.chat_id, c.text) for c in api.calls if c.method == "sendMessage"]

            await api.wait_for(lambda _: len(sent()) >= expected, timeout=120)
        given = await turns(database)
        assert sum(given.values()) == expected and set(given.values()) == {1}
        assert len(sent()) == len(set(sent())) == expected
        async with database.read_sessions() as session:
            statuses = dict(
                (
                    await session.execute(
                        select(OutboxMessage.status, func.count())
                        .where(OutboxMessage.event == "turn_arrived")
                        .group_by(OutboxMessage.status)
                    )
                ).all()
            )
        assert statuses == {"sent": expected}
        logs = [(tmp_path / f"bot{i}.log").read_text() for i in (0, 1)]
        assert not any("Traceback" in log for log in logs), logs
    finally:
        await database.dispose()
