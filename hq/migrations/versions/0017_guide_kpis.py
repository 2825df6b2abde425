"""HQ: guide KPIs (issue 19): line_attribution (the re-attributions tills pushed, kept as
rows, never edits of sale_line) and guide_target (a guide's monthly target per store), with
the index a line's latest attribution is looked up by, and (store, time) indexes on sale and
sale_return for one store's period. Schema only.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 06:30:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)
S64 = sqlmodel.sql.sqltypes.AutoString(length=64)


def upgrade() -> None:
    op.create_table('line_attribution',
    sa.Column('id', S64, nullable=False),
    sa.Column('event_id', S64, nullable=False),
    sa.Column('store_id', S64, nullable=False),
    sa.Column('terminal_id', S64, nullable=False),
    sa.Column('sale_id', S64, nullable=False),
    sa.Column('sale_line_id', S64, nullable=False),
    sa.Column('guide_id', S64, nullable=False),
    sa.Column('from_guide_id', S64, nullable=False),
    sa.Column('by', S64, nullable=False),
    sa.Column('asked_by', S64, nullable=True),
    sa.Column('at', UTC_TS, nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('received_at', UTC_TS, nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('line_attribution', schema=None) as batch_op:
        batch_op.create_index('ix_line_attribution_line_at', ['sale_line_id', 'at', 'id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_line_attribution_store_id'), ['store_id'],
                              unique=False)
    op.create_table('guide_target',
    sa.Column('store_id', S64, nullable=False),
    sa.Column('guide_id', S64, nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('net_sales_target', sa.BigInteger(), nullable=False),
    sa.Column('set_by', S64, nullable=False),
    sa.Column('set_at', UTC_TS, nullable=False),
    sa.PrimaryKeyConstraint('store_id', 'guide_id', 'month')
    )
    # one store's period straight off one index (a hundred stores in the same tables)
    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.create_index('ix_sale_store_created', ['store_id', 'created_at'], unique=False)
    with op.batch_alter_table('sale_return', schema=None) as batch_op:
        batch_op.create_index('ix_sale_return_store_created', ['store_id', 'created_at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sale_return', schema=None) as batch_op:
        batch_op.drop_index('ix_sale_return_store_created')
    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.drop_index('ix_sale_store_created')
    op.drop_table('guide_target')
    with op.batch_alter_table('line_attribution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_line_attribution_store_id'))
        batch_op.drop_index('ix_line_attribution_line_at')
    op.drop_table('line_attribution')
