"""partial index: the children holding an active referral (R5 in every allocation)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        'ix_applications_child_referral',
        'applications',
        ['child_iin'],
        unique=False,
        sqlite_where=sa.text("status = 'referral_issued'"),
        postgresql_where=sa.text("status = 'referral_issued'"),
    )


def downgrade() -> None:
    op.drop_index('ix_applications_child_referral', table_name='applications')
