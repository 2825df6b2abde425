"""HQ: returns without receipt and of another till's receipt (issue 18-C).

sale_return.sale_id and return_line.sale_line_id become nullable (a return without
receipt names no sale); sale_return gains `kind` (receipt | other_till | no_receipt) and
`reason_code`. Schema only: existing rows are "receipt" returns (server default).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 06:30:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sale_return', schema=None) as batch_op:
        batch_op.alter_column('sale_id', existing_type=sqlmodel.sql.sqltypes.AutoString(),
                              nullable=True)
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16),
                                      server_default='receipt', nullable=False))
        batch_op.add_column(sa.Column('reason_code',
                                      sqlmodel.sql.sqltypes.AutoString(length=32),
                                      server_default='', nullable=False))
    with op.batch_alter_table('return_line', schema=None) as batch_op:
        batch_op.alter_column('sale_line_id', existing_type=sqlmodel.sql.sqltypes.AutoString(),
                              nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('return_line', schema=None) as batch_op:
        batch_op.alter_column('sale_line_id', existing_type=sqlmodel.sql.sqltypes.AutoString(),
                              nullable=False)
    with op.batch_alter_table('sale_return', schema=None) as batch_op:
        batch_op.drop_column('reason_code')
        batch_op.drop_column('kind')
        batch_op.alter_column('sale_id', existing_type=sqlmodel.sql.sqltypes.AutoString(),
                              nullable=False)
