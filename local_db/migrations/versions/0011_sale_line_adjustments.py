"""sale_line_adjustment: each sale line's discounts rule by rule (member price, the cashier's
line and order discounts), from the pricing seam. A new table only: sales already on disk
keep their rows as they are (their discounts were all the cashier's).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 03:05:18
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sale_line_adjustment',
    sa.Column('sale_line_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('sale_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('rule_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], ),
    sa.ForeignKeyConstraint(['sale_line_id'], ['sale_line.id'], ),
    sa.PrimaryKeyConstraint('sale_line_id', 'seq')
    )
    with op.batch_alter_table('sale_line_adjustment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sale_line_adjustment_sale_id'), ['sale_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sale_line_adjustment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sale_line_adjustment_sale_id'))
    op.drop_table('sale_line_adjustment')
