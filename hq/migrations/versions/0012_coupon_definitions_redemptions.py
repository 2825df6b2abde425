"""coupon definitions, redemptions and idempotent answers (issue 17); coupon gains its
definition, signed code and channel: schema only, coupons already issued keep theirs as they
are (no definition, no signed code, channel 'admin')

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 04:20:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

UTC_TS = sa.DateTime(timezone=True)

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table('coupon_definition',
    sa.Column('id', S(length=64), nullable=False),
    sa.Column('campaign_id', S(length=64), nullable=False),
    sa.Column('kind', S(length=16), nullable=False),
    sa.Column('title', S(length=200), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('min_spend', sa.BigInteger(), nullable=False),
    sa.Column('gift_product_id', S(length=64), nullable=True),
    sa.Column('product_ids', sa.Text(), nullable=False),
    sa.Column('stores', sa.Text(), nullable=False),
    sa.Column('valid_from', UTC_TS, nullable=False),
    sa.Column('valid_until', UTC_TS, nullable=False),
    sa.Column('per_member_limit', sa.Integer(), nullable=False),
    sa.Column('total_quantity', sa.Integer(), nullable=False),
    sa.Column('issued', sa.BigInteger(), nullable=False),
    sa.Column('offline', S(length=16), nullable=False),
    sa.Column('offline_under', sa.BigInteger(), nullable=False),
    sa.Column('created_at', UTC_TS, nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_coupon_definition_campaign_id'), 'coupon_definition',
                    ['campaign_id'], unique=False)
    op.create_table('coupon_redemption',
    sa.Column('id', S(length=64), nullable=False),
    sa.Column('coupon_id', S(length=64), nullable=False),
    sa.Column('device_id', S(length=64), nullable=False),
    sa.Column('store_id', S(length=64), nullable=False),
    sa.Column('terminal_id', S(length=64), nullable=False),
    sa.Column('status', S(length=16), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('code_kind', S(length=8), nullable=False),
    sa.Column('sale_id', S(length=64), nullable=True),
    sa.Column('gift_redemption_id', S(length=64), nullable=True),
    sa.Column('receipt_no', S(length=200), nullable=False),
    sa.Column('member_id', S(length=64), nullable=True),
    sa.Column('guide_id', S(length=64), nullable=True),
    sa.Column('product_id', S(length=64), nullable=True),
    sa.Column('unit_code', S(length=120), nullable=True),
    sa.Column('redeemed_at', UTC_TS, nullable=False),
    sa.Column('received_at', UTC_TS, nullable=False),
    sa.Column('event_id', S(length=64), nullable=True),
    sa.ForeignKeyConstraint(['coupon_id'], ['coupon.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_coupon_redemption_coupon_id'), 'coupon_redemption',
                    ['coupon_id'], unique=False)
    op.create_index(op.f('ix_coupon_redemption_store_id'), 'coupon_redemption',
                    ['store_id'], unique=False)
    op.create_index('uq_coupon_redemption_accepted', 'coupon_redemption', ['coupon_id'],
                    unique=True, sqlite_where=sa.text("status = 'accepted'"),
                    postgresql_where=sa.text("status = 'accepted'"))
    op.create_table('coupon_answer',
    sa.Column('scope', S(length=8), nullable=False),
    sa.Column('caller', S(length=64), nullable=False),
    sa.Column('key', S(length=64), nullable=False),
    sa.Column('request_hash', S(length=64), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('created_at', UTC_TS, nullable=False),
    sa.PrimaryKeyConstraint('scope', 'caller', 'key')
    )
    with op.batch_alter_table('coupon', schema=None) as batch_op:
        batch_op.add_column(sa.Column('definition_id', S(length=64), nullable=True))
        batch_op.add_column(sa.Column('signed_code', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('channel', S(length=16), nullable=False,
                                      server_default='admin'))
        batch_op.create_index(batch_op.f('ix_coupon_definition_id'), ['definition_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('coupon', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coupon_definition_id'))
        batch_op.drop_column('channel')
        batch_op.drop_column('signed_code')
        batch_op.drop_column('definition_id')
    op.drop_table('coupon_answer')
    op.drop_index('uq_coupon_redemption_accepted', table_name='coupon_redemption')
    op.drop_index(op.f('ix_coupon_redemption_store_id'), table_name='coupon_redemption')
    op.drop_index(op.f('ix_coupon_redemption_coupon_id'), table_name='coupon_redemption')
    op.drop_table('coupon_redemption')
    op.drop_index(op.f('ix_coupon_definition_campaign_id'), table_name='coupon_definition')
    op.drop_table('coupon_definition')
