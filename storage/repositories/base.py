from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

CHUNK = 2000  # ids per IN (…): well under both databases' limits on bound parameters


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        bind = self.session.get_bind()
        return bind.dialect.name

    def insert_ignoring_conflicts(self, table: Any, index_elements: list[str]) -> Any:
        """INSERT … ON CONFLICT DO NOTHING, the way each database spells it."""
        if self.dialect == "postgresql":
            return postgresql.insert(table).on_conflict_do_nothing(index_elements=index_elements)
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=index_elements)

    @property
    def locks_rows(self) -> bool:
        # SQLite has one writer (BEGIN IMMEDIATE), so row locks would add nothing there.
        return self.dialect == "postgresql"
