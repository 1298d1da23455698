"""kindergartens get optional coordinates

The import's optional latitude and longitude columns: the free places can be sorted by distance
from a location the parent shares, and a kindergarten shown on the map.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('kindergartens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latitude', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('kindergartens', schema=None) as batch_op:
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
