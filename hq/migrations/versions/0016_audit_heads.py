"""audit_head: every audit chain head a terminal reported (issue 18, docs/audit.md), so a
chain rebuilt after the fact disagrees with HQ. Schema only: a new table.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 06:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

UTC_TS = sa.DateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_head',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('terminal_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('store_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('reported_at', UTC_TS, nullable=False),
    sa.Column('received_at', UTC_TS, nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('agrees', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['store_id'], ['store.id'], ),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminal.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('terminal_id', 'seq', 'hash')
    )
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.create_index('ix_audit_head_terminal_seq', ['terminal_id', 'seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_head_store_id'), ['store_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_head_store_id'))
        batch_op.drop_index('ix_audit_head_terminal_seq')
    op.drop_table('audit_head')
