"""free-choice alerts: who asked to hear of R8's free-choice places

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types  # noqa: F401 - the UtcDateTime columns

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'free_choice_alerts',
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('kindergartens', sa.JSON(), nullable=False),
        sa.Column('since', storage.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['application_id'], ['applications.id'],
            name=op.f('fk_free_choice_alerts_application_id_applications'),
        ),
        sa.PrimaryKeyConstraint('application_id', name=op.f('pk_free_choice_alerts')),
    )


def downgrade() -> None:
    op.drop_table('free_choice_alerts')
