"""HQ: override_approval (issue 19): the managers' approvals tills push as
`override.approved`, one row per till audit row, counted in the guide KPIs for the person
who asked, with the (store, time) index one store's period is read by. Schema only: no
till pushed these before, so there is no history to mark for the KPI rollup.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 08:00:00
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)
S64 = sqlmodel.sql.sqltypes.AutoString(length=64)
S200 = sqlmodel.sql.sqltypes.AutoString(length=200)


def upgrade() -> None:
    op.create_table('override_approval',
    sa.Column('id', S64, nullable=False),
    sa.Column('event_id', S64, nullable=False),
    sa.Column('store_id', S64, nullable=False),
    sa.Column('terminal_id', S64, nullable=False),
    sa.Column('at', UTC_TS, nullable=False),
    sa.Column('action', S64, nullable=False),
    sa.Column('asked_by', S64, nullable=False),
    sa.Column('approver', S64, nullable=False),
    sa.Column('entity_id', S200, nullable=False),
    sa.Column('before', sa.BigInteger(), nullable=True),
    sa.Column('after', sa.BigInteger(), nullable=True),
    sa.Column('reason', S200, nullable=False),
    sa.Column('method', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('received_at', UTC_TS, nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('override_approval', schema=None) as batch_op:
        batch_op.create_index('ix_override_approval_store_at', ['store_id', 'at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('override_approval', schema=None) as batch_op:
        batch_op.drop_index('ix_override_approval_store_at')
    op.drop_table('override_approval')
