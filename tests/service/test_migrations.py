"""`python -m bot migrate` brings an empty database to exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from storage.db import create_database
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import Base


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_build_the_models_schema(empty_database_url: str) -> None:
    database = create_database(empty_database_url)
    try:
        assert await current_revision(database) is None
        await upgrade(database)
        assert await current_revision(database) == head_revision()
        async with database.reader.connect() as connection:
            assert await connection.run_sync(_differences) == []
        await upgrade(database)  # nothing to do the second time
        assert await current_revision(database) == head_revision()
    finally:
        await database.dispose()
