"""promotion_campaign: HQ's campaigns as the till holds them (the `promotions` stream), and
product.cost (fen, NULL = unknown) and product.tags (JSON list, '[]'): schema only, products
already on disk keep no cost and no tags until HQ sends them. Plain ADD COLUMN (no batch
copy of the product table, whose search triggers must stay).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 03:35:18
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('promotion_campaign',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('ends_at', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('rule_count', sa.Integer(), nullable=False),
    sa.Column('doc', sa.Text(), nullable=False),
    sa.Column('hq_updated_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('promotion_campaign', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_promotion_campaign_status'), ['status'], unique=False)
    op.add_column('product', sa.Column('cost', sa.Integer(), nullable=True))
    op.add_column('product', sa.Column('tags', sa.Text(), server_default='[]', nullable=False))


def downgrade() -> None:
    # SQLite >= 3.35 drops a column in place: a batch copy would lose product's triggers
    op.drop_column('product', 'tags')
    op.drop_column('product', 'cost')
    with op.batch_alter_table('promotion_campaign', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_promotion_campaign_status'))
    op.drop_table('promotion_campaign')
