"""signing requests go from pending straight to signed

A request was held in 'verifying' while one PUT checked its signature; a process that stopped
right then left it there for good. It is now marked signed in the transaction that issues the
referral, so 'verifying' is gone: any row left in it is open again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = "status IN ('pending', 'verifying')"
AFTER = "status = 'pending'"


def upgrade() -> None:
    op.execute("UPDATE signing_requests SET status = 'pending' WHERE status = 'verifying'")
    with op.batch_alter_table('signing_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_signing_requests_due')
        batch_op.create_index(
            'ix_signing_requests_due', ['expires_at'], unique=False,
            sqlite_where=sa.text(AFTER), postgresql_where=sa.text(AFTER),
        )


def downgrade() -> None:
    with op.batch_alter_table('signing_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_signing_requests_due')
        batch_op.create_index(
            'ix_signing_requests_due', ['expires_at'], unique=False,
            sqlite_where=sa.text(BEFORE), postgresql_where=sa.text(BEFORE),
        )
