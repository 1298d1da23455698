"""staff roles: district administrators and kindergarten staff

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types  # noqa: F401 - the UtcDateTime columns


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'staff_roles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('telegram_user_id', sa.BigInteger(), nullable=False),
        sa.Column(
            'role',
            sa.Enum('district_admin', 'staff', name='staff_role', native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column('district_id', sa.Integer(), nullable=True),
        sa.Column('kindergarten_id', sa.Integer(), nullable=True),
        sa.Column('granted_by', sa.String(length=64), nullable=False),
        sa.Column('granted_at', storage.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_staff_roles_district_id_districts')),
        sa.ForeignKeyConstraint(['kindergarten_id'], ['kindergartens.id'], name=op.f('fk_staff_roles_kindergarten_id_kindergartens')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_roles')),
    )
    op.create_index(op.f('ix_staff_roles_telegram_user_id'), 'staff_roles', ['telegram_user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_staff_roles_telegram_user_id'), table_name='staff_roles')
    op.drop_table('staff_roles')
