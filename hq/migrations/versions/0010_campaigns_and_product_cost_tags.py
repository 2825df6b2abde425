"""campaign and campaign_rule (issue 16: HQ authors campaigns, the `promotions` stream), and
product.cost (fen, optional) and product.tags (JSON list): schema only, products already
held keep no cost and no tags

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 03:32:55
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=True),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('stores', sa.Text(), nullable=False),
    sa.Column('members_only', sa.Boolean(), nullable=False),
    sa.Column('member_tiers', sa.Text(), nullable=False),
    sa.Column('holdout_permille', sa.Integer(), server_default='0', nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('campaign_rule',
    sa.Column('campaign_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('rule_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('rule_group', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('stackable', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ),
    sa.PrimaryKeyConstraint('campaign_id', 'rule_id')
    )
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cost', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tags', sa.Text(), server_default='[]', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_column('tags')
        batch_op.drop_column('cost')

    op.drop_table('campaign_rule')
    op.drop_table('campaign')
