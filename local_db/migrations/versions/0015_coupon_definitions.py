"""coupon_definition: what each coupon of a campaign is and its offline policy, as this till
holds them (the `coupon_definitions` stream, issue 17). Schema only: a new table, nothing a
store holds is touched.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 04:26:12
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('coupon_definition',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('campaign_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('campaign_ref', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('gift_ref', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
    sa.Column('offline', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('offline_under', sa.Integer(), nullable=False),
    sa.Column('valid_until', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('coupon_definition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coupon_definition_campaign_ref'), ['campaign_ref'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('coupon_definition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coupon_definition_campaign_ref'))
    op.drop_table('coupon_definition')
