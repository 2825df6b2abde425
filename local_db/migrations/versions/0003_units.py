"""units: one-product-one-code registry (unit, unit_event) and returns (sale_return,
return_line, refund_tender); stock_move.return_id

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 23:35:49.726748
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sale_return',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('return_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('sale_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('terminal_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('shift_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('staff_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('refund_total', sa.Integer(), nullable=False),
    sa.Column('to_cash', sa.Boolean(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], ),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('return_no')
    )
    with op.batch_alter_table('sale_return', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sale_return_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sale_return_sale_id'), ['sale_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sale_return_shift_id'), ['shift_id'], unique=False)

    op.create_table('refund_tender',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('return_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['return_id'], ['sale_return.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('refund_tender', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_tender_return_id'), ['return_id'], unique=False)

    op.create_table('return_line',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('return_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sale_line_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('product_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('unit_code', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ),
    sa.ForeignKeyConstraint(['return_id'], ['sale_return.id'], ),
    sa.ForeignKeyConstraint(['sale_line_id'], ['sale_line.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('return_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_return_line_return_id'), ['return_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_return_line_sale_line_id'), ['sale_line_id'], unique=False)

    op.create_table('unit',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('unit_key', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('product_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('gtin', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=True),
    sa.Column('sku', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('serial', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('lot', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('expiry', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('store_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sale_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('sale_line_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('sold_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('guide_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['guide_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], ),
    sa.ForeignKeyConstraint(['sale_line_id'], ['sale_line.id'], ),
    sa.ForeignKeyConstraint(['store_id'], ['store.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_key')
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_sale_id'), ['sale_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_store_id'), ['store_id'], unique=False)

    op.create_table('unit_event',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('unit_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('from_state', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('to_state', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('staff_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('sale_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('return_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['return_id'], ['sale_return.id'], ),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('unit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_event_unit_id'), ['unit_id'], unique=False)

    with op.batch_alter_table('stock_move', schema=None) as batch_op:
        batch_op.add_column(sa.Column('return_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_index(batch_op.f('ix_stock_move_return_id'), ['return_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('stock_move', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_move_return_id'))
        batch_op.drop_column('return_id')

    with op.batch_alter_table('unit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_event_unit_id'))

    op.drop_table('unit_event')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_store_id'))
        batch_op.drop_index(batch_op.f('ix_unit_sale_id'))
        batch_op.drop_index(batch_op.f('ix_unit_product_id'))

    op.drop_table('unit')
    with op.batch_alter_table('return_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_return_line_sale_line_id'))
        batch_op.drop_index(batch_op.f('ix_return_line_return_id'))

    op.drop_table('return_line')
    with op.batch_alter_table('refund_tender', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_tender_return_id'))

    op.drop_table('refund_tender')
    with op.batch_alter_table('sale_return', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sale_return_shift_id'))
        batch_op.drop_index(batch_op.f('ix_sale_return_sale_id'))
        batch_op.drop_index(batch_op.f('ix_sale_return_created_at'))

    op.drop_table('sale_return')
