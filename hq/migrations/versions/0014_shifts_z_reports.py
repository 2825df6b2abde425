"""HQ: the tills' cash moves (in, out, no-sale) and their Z reports as reported (issue 18).
Schema only: two new tables, nothing HQ holds is rewritten.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 06:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

UTC_TS = sa.DateTime(timezone=True)

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cash_move',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('store_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('terminal_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('shift_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('staff_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('reason_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('at', UTC_TS, nullable=False),
    sa.Column('received_at', UTC_TS, nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cash_move', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cash_move_shift_id'), ['shift_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cash_move_store_id'), ['store_id'], unique=False)
    op.create_table('z_report',
    sa.Column('shift_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('store_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('terminal_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('z_no', sa.Integer(), nullable=False),
    sa.Column('closed_at', UTC_TS, nullable=False),
    sa.Column('closed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('grand_total', sa.BigInteger(), nullable=False),
    sa.Column('figures', sa.Text(), nullable=False),
    sa.Column('received_at', UTC_TS, nullable=False),
    sa.PrimaryKeyConstraint('shift_id'),
    sa.UniqueConstraint('terminal_id', 'z_no')
    )
    with op.batch_alter_table('z_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_z_report_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_z_report_store_id'), ['store_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('z_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_z_report_store_id'))
        batch_op.drop_index(batch_op.f('ix_z_report_closed_at'))
    op.drop_table('z_report')
    with op.batch_alter_table('cash_move', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cash_move_store_id'))
        batch_op.drop_index(batch_op.f('ix_cash_move_shift_id'))
    op.drop_table('cash_move')
