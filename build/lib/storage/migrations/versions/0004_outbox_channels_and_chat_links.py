"""outbox per channel with recipients and leases; the chat a parent's notices go to

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types  # noqa: F401 - the UtcDateTime columns


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('channel', sa.String(length=10), nullable=False, server_default='telegram')
        )
        batch_op.add_column(sa.Column('recipient', sa.String(length=254), nullable=True))
        batch_op.drop_constraint('uq_outbox_idempotency_key', type_='unique')
        batch_op.create_unique_constraint('uq_outbox_key_channel', ['idempotency_key', 'channel'])
        batch_op.drop_index('ix_outbox_pending')
        batch_op.create_index('ix_outbox_pending', ['channel', 'next_attempt_at'], unique=False, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
        batch_op.create_index('ix_outbox_leases', ['channel', 'lease_until'], unique=False, sqlite_where=sa.text("status = 'sending'"), postgresql_where=sa.text("status = 'sending'"))
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('channel', server_default=None)

    with op.batch_alter_table('telegram_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_iin', sa.String(length=12), nullable=True))
        batch_op.create_index(batch_op.f('ix_telegram_users_parent_iin'), ['parent_iin'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('telegram_users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_telegram_users_parent_iin'))
        batch_op.drop_column('parent_iin')

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_leases')
        batch_op.drop_index('ix_outbox_pending')
        batch_op.create_index('ix_outbox_pending', ['next_attempt_at'], unique=False, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
        batch_op.drop_constraint('uq_outbox_key_channel', type_='unique')
        batch_op.create_unique_constraint('uq_outbox_idempotency_key', ['idempotency_key'])
        batch_op.drop_column('recipient')
        batch_op.drop_column('channel')
