"""coupon_redemption: one row per coupon this till redeemed (issue 17), UNIQUE(coupon_id)
so a coupon is redeemed at most once per terminal even offline, and UNIQUE(unit_id) so a
gift unit is handed out once. Schema only: a new table, nothing a store holds is touched.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 04:08:08
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('coupon_redemption',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('coupon_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('campaign', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('member_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('store_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('staff_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('unit_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('unit_key', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('sale_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('slip_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('redeemed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['store_id'], ['store.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('coupon_id'),
    sa.UniqueConstraint('unit_id')
    )
    with op.batch_alter_table('coupon_redemption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coupon_redemption_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coupon_redemption_redeemed_at'), ['redeemed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_coupon_redemption_sale_id'), ['sale_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('coupon_redemption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coupon_redemption_sale_id'))
        batch_op.drop_index(batch_op.f('ix_coupon_redemption_redeemed_at'))
        batch_op.drop_index(batch_op.f('ix_coupon_redemption_member_id'))
    op.drop_table('coupon_redemption')
