"""sale_line_adjustment (issue 16): what made each pushed sale line's discounts, rule by rule,
as the till sent them, for HQ's re-pricing and the campaign ROI report: schema only, sales
already held keep no adjustments (they were pushed before HQ kept them)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 03:58:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sale_line_adjustment',
    sa.Column('sale_line_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('sale_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('rule_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('campaign_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], ),
    sa.ForeignKeyConstraint(['sale_line_id'], ['sale_line.id'], ),
    sa.PrimaryKeyConstraint('sale_line_id', 'seq')
    )
    with op.batch_alter_table('sale_line_adjustment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sale_line_adjustment_campaign_id'), ['campaign_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_sale_line_adjustment_sale_id'), ['sale_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sale_line_adjustment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sale_line_adjustment_sale_id'))
        batch_op.drop_index(batch_op.f('ix_sale_line_adjustment_campaign_id'))
    op.drop_table('sale_line_adjustment')
