"""coupon_key: the public keys HQ signs coupons with, as this till holds them (the
`coupon_keys` stream, issue 17). Schema only: a new table, nothing a store holds is touched.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 04:10:51
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('coupon_key',
    sa.Column('key_id', sa.Integer(), nullable=False),
    sa.Column('public_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('hq_updated_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key_id')
    )


def downgrade() -> None:
    op.drop_table('coupon_key')
