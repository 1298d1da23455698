"""the audit's entity index only for events that belong to no application

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entity')
        batch_op.create_index(
            'ix_audit_entity',
            ['entity', 'entity_id', 'at'],
            unique=False,
            sqlite_where=sa.text('application_id IS NULL'),
            postgresql_where=sa.text('application_id IS NULL'),
        )


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entity')
        batch_op.create_index('ix_audit_entity', ['entity', 'entity_id', 'at'], unique=False)
