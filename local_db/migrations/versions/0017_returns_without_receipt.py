"""Returns completed: another till's receipt and returns without receipt (issue 18-C).

sale_return.sale_id becomes nullable and loses its foreign key (a sale HQ looked up at
another till is not in this database; a return without receipt has none), and gains
`kind` (receipt | other_till | no_receipt), `receipt_no` and `reason_code`;
return_line.sale_line_id likewise. Schema only: every existing row is a "receipt" return,
which the server default says.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 06:30:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

# names for the reflected (unnamed) foreign keys, so batch mode can drop them
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def upgrade() -> None:
    with op.batch_alter_table('sale_return', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint('fk_sale_return_sale_id_sale', type_='foreignkey')
        batch_op.alter_column('sale_id', existing_type=sqlmodel.sql.sqltypes.AutoString(),
                              nullable=True)
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16),
                                      server_default='receipt', nullable=False))
        batch_op.add_column(sa.Column('receipt_no', sqlmodel.sql.sqltypes.AutoString(length=40),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('reason_code',
                                      sqlmodel.sql.sqltypes.AutoString(length=32),
                                      server_default='', nullable=False))
    with op.batch_alter_table('return_line', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint('fk_return_line_sale_line_id_sale_line', type_='foreignkey')
        batch_op.alter_column('sale_line_id', existing_type=sqlmodel.sql.sqltypes.AutoString(),
                              nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('return_line', schema=None) as batch_op:
        batch_op.alter_column('sale_line_id', existing_type=sqlmodel.sql.sqltypes.AutoString(),
                              nullable=False)
        batch_op.create_foreign_key('fk_return_line_sale_line_id_sale_line', 'sale_line',
                                    ['sale_line_id'], ['id'])
    with op.batch_alter_table('sale_return', schema=None) as batch_op:
        batch_op.drop_column('reason_code')
        batch_op.drop_column('receipt_no')
        batch_op.drop_column('kind')
        batch_op.alter_column('sale_id', existing_type=sqlmodel.sql.sqltypes.AutoString(),
                              nullable=False)
        batch_op.create_foreign_key('fk_sale_return_sale_id_sale', 'sale', ['sale_id'], ['id'])
