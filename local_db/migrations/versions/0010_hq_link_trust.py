"""hq_link: the CA file and pinned key the till trusts HQ with; the device token moves out
of this database (local_db.secrets), the column keeps only where it went.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 00:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('hq_link') as batch:
        batch.add_column(sa.Column('ca_file', sa.String(), nullable=False, server_default=''))
        batch.add_column(sa.Column('key_pin', sa.String(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('hq_link') as batch:
        batch.drop_column('key_pin')
        batch.drop_column('ca_file')
