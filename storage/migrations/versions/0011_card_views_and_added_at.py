"""what a parent last saw on a card, and when an application was added

card_views keeps each parent's last seen place in the queue per application, so that the card
can say why it moved; applications.added_at counts the applications added ahead since then.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types  # noqa: F401 - the UtcDateTime columns

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('added_at', storage.types.UtcDateTime(), nullable=True))
    op.create_table(
        'card_views',
        sa.Column('parent_iin', sa.String(length=12), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('seen_at', storage.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['application_id'], ['applications.id'],
            name=op.f('fk_card_views_application_id_applications'),
        ),
        sa.PrimaryKeyConstraint('parent_iin', 'application_id', name=op.f('pk_card_views')),
    )


def downgrade() -> None:
    op.drop_table('card_views')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('added_at')
