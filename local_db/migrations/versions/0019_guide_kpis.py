"""Guide KPIs (issue 19): line_attribution (a sold line credited to another guide, a new row,
never an edit of sale_line) and guide_target (a guide's net sales target per month), with
the index the KPI queries look a line's latest attribution up by. Schema only: nothing a
store holds is rewritten.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 06:30:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('line_attribution',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sale_line_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sale_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('guide_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('from_guide_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('asked_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['asked_by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], ),
    sa.ForeignKeyConstraint(['sale_line_id'], ['sale_line.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('line_attribution', schema=None) as batch_op:
        batch_op.create_index('ix_line_attribution_line_at', ['sale_line_id', 'at', 'id'],
                              unique=False)
    op.create_table('guide_target',
    sa.Column('guide_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('net_sales_target', sa.Integer(), nullable=False),
    sa.Column('set_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('set_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['guide_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['set_by'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('guide_id', 'month')
    )


def downgrade() -> None:
    op.drop_table('guide_target')
    with op.batch_alter_table('line_attribution', schema=None) as batch_op:
        batch_op.drop_index('ix_line_attribution_line_at')
    op.drop_table('line_attribution')
