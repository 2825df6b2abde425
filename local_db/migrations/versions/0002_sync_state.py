"""sync state: per-stream pull cursors and the single HQ pairing row

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 23:13:58.236300
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hq_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hq_url', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('device_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('paired_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('sync_state',
    sa.Column('stream', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('cursor', sa.Integer(), nullable=False),
    sa.Column('resync_pending', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('stream')
    )


def downgrade() -> None:
    op.drop_table('sync_state')
    op.drop_table('hq_link')
