"""Shifts: cash moves (in, out, no-sale drawer opens) and the stored Z reports (issue 18).
Schema only: two new tables, nothing a store holds is rewritten.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 06:30:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cash_move',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('shift_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('terminal_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('staff_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('reason_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cash_move', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cash_move_shift_id'), ['shift_id'], unique=False)
    op.create_table('z_report',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('terminal_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('shift_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('z_no', sa.Integer(), nullable=False),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('closed_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('grand_total', sa.Integer(), nullable=False),
    sa.Column('figures', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], ),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('shift_id'),
    sa.UniqueConstraint('terminal_id', 'z_no')
    )


def downgrade() -> None:
    op.drop_table('z_report')
    with op.batch_alter_table('cash_move', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cash_move_shift_id'))
    op.drop_table('cash_move')
