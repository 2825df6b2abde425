"""coupon_signing_key: HQ's Ed25519 keys for signed coupon codes (issue 17), the private half
encrypted (hq/coupons/keys.py): schema only, a new table.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 04:20:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

UTC_TS = sa.DateTime(timezone=True)

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('coupon_signing_key',
    sa.Column('key_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('public_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('private_enc', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('created_at', UTC_TS, nullable=False),
    sa.Column('retired_at', UTC_TS, nullable=True),
    sa.PrimaryKeyConstraint('key_id')
    )


def downgrade() -> None:
    op.drop_table('coupon_signing_key')
