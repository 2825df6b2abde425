"""Overrides (issue 18): staff_badge, the manager badges that approve an override by a scan
(only each token's SHA-256 is stored; see local_db/models_badges.py). Schema only: nothing a
store holds is rewritten. Price changes and discounts need no column: they are kept as the
line's manual discount and its reason (sale_line_adjustment, kind manual_line).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 06:50:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_badge',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('staff_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('issued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('issued_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['issued_by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('staff_badge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_badge_staff_id'), ['staff_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff_badge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_badge_staff_id'))
    op.drop_table('staff_badge')
